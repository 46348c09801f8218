"""Password hashing costs come from the settings: the library's defaults unless
``LISTENGINE_ARGON2_*`` says otherwise, as the test suite does (``tests/conftest.py``)."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from listengine.config import Argon2Parameters
from listengine.models import User
from listengine.services import users

NAMES = ("TIME_COST", "MEMORY_COST", "PARALLELISM")


def test_production_keeps_the_librarys_defaults(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(f"LISTENGINE_ARGON2_{name}", raising=False)
    overrides = Argon2Parameters.from_environment().overrides()
    assert overrides == {}
    default, configured = PasswordHasher(), PasswordHasher(**overrides)
    assert (configured.time_cost, configured.memory_cost, configured.parallelism) == (
        default.time_cost, default.memory_cost, default.parallelism)


def test_the_suite_hashes_cheaply():
    assert "$m=8,t=1,p=1$" in users._hasher.hash("mật khẩu")


@pytest.mark.parametrize("value", ["0", "-1", "hai", "1.5", "١"])
def test_a_bad_cost_stops_start_up(monkeypatch, value):
    monkeypatch.setenv("LISTENGINE_ARGON2_TIME_COST", value)
    with pytest.raises(ValueError, match="LISTENGINE_ARGON2_TIME_COST"):
        Argon2Parameters.from_environment()


def test_a_stored_hash_keeps_verifying_under_other_costs():
    user = User(password_hash=users._hasher.hash("mật khẩu dài"))
    try:
        users.configure_hasher(Argon2Parameters(time_cost=2, memory_cost=16, parallelism=2))
        assert users.check_password(user, "mật khẩu dài")
    finally:
        users.configure_hasher(Argon2Parameters.from_environment())
