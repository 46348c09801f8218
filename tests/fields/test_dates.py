"""DateTime: local input, UTC storage, chronological SQL, display in the reader's zone."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from listengine.fields import DisplayContext, FieldError, registry
from listengine.fields.dates import local_text
from listengine.models import Item

DATETIME = registry.get("DateTime")
UTC = timezone.utc
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("raw", [
    "26/10/2021 14:00", "2021-10-26T14:00", "2021-10-26 14:00:00", "2021-10-26T07:00:00Z",
    "2021-10-26T16:00:00+09:00", datetime(2021, 10, 26, 14, 0),
    datetime(2021, 10, 26, 7, 0, 0, 123456, tzinfo=UTC), datetime(2021, 10, 26, 14, tzinfo=HCM),
])
def test_parses_moments_as_utc(world, raw):
    assert world.parse(world.column("DateTime"), raw) == datetime(2021, 10, 26, 7, tzinfo=UTC)


def test_parses_dates(world):
    moment = world.column("DateTime", name="Moment")
    day = world.column("DateTime", {"date_only": True}, name="Day")
    assert world.parse(moment, "26/10/2021") == datetime(2021, 10, 25, 17, tzinfo=UTC)
    assert world.parse(moment, date(2021, 10, 26)) == datetime(2021, 10, 25, 17, tzinfo=UTC)
    assert world.parse(day, "26/10/2021") == date(2021, 10, 26)
    assert world.parse(day, "2021-10-26") == date(2021, 10, 26)
    # 20:00 UTC is already the next day in Hồ Chí Minh City.
    assert world.parse(day, "2021-10-26T20:00:00Z") == date(2021, 10, 27)
    assert world.parse(day, "") is None


def test_today_token(world):
    moment = world.column("DateTime", name="Moment")
    day = world.column("DateTime", {"date_only": True}, name="Day")
    moment.default_value = day.default_value = "[today]"
    parsed = DATETIME.default(moment, world.ctx())
    assert abs(parsed - datetime.now(UTC)) < timedelta(minutes=1) and parsed.microsecond == 0
    assert DATETIME.default(day, world.ctx()) == datetime.now(HCM).date()


@pytest.mark.parametrize("raw, message", [
    ("26-10-2021", "dd/mm/yyyy"), ("31/02/2021", "dd/mm/yyyy"), ("tomorrow", "dd/mm/yyyy"),
    ("10/26/2021", "dd/mm/yyyy"), (20211026, "Enter a date."), (True, "Enter a date."),
    ("01/01/1800", "between 01/01/1900 and 31/12/8900"),
])
def test_refuses_bad_input(world, raw, message):
    with pytest.raises(FieldError, match=message):
        world.parse(world.column("DateTime"), raw)


def test_storage_format_and_round_trip(world):
    moment = world.column("DateTime", name="Moment")
    day = world.column("DateTime", {"date_only": True}, name="Day")
    item = world.item({moment: "26/10/2021 14:00", day: "26/10/2021"})
    assert item.values == {moment.storage_key: "2021-10-26T07:00:00Z",
                           day.storage_key: "2021-10-26"}
    assert world.read_back(item, moment) == datetime(2021, 10, 26, 7, tzinfo=UTC)
    assert world.read_back(item, day) == date(2021, 10, 26)
    assert DATETIME.parse(moment, DATETIME.export(moment, world.read_back(item, moment)),
                          world.ctx()) == datetime(2021, 10, 26, 7, tzinfo=UTC)


def test_sql_sorts_chronologically_and_filters(world):
    field = world.column("DateTime")
    for raw in ("26/10/2021 14:00", "01/02/2022 08:00", "26/10/2021 06:59", "15/09/2009 23:00"):
        world.item({field: raw})
    expr = DATETIME.sql(field, Item.values)
    assert world.item_nos(order_by=expr) == [4, 3, 1, 2]
    since = DATETIME.sql_value(field, world.parse(field, "26/10/2021"))
    assert world.item_nos(expr >= since, order_by=expr.desc()) == [2, 1, 3]


def test_display_in_reader_zone(world):
    moment = world.column("DateTime", name="Moment")
    day = world.column("DateTime", {"date_only": True}, name="Day")
    value = datetime(2021, 10, 26, 7, tzinfo=UTC)
    assert DATETIME.display(moment, value, world.display) == "26/10/2021 14:00"
    assert DATETIME.display(moment, value, DisplayContext(time_zone="UTC")) == "26/10/2021 07:00"
    assert DATETIME.display(day, date(2021, 10, 26), world.display) == "26/10/2021"


def test_diff(world):
    field = world.column("DateTime")
    old, new = world.parse(field, "26/10/2021 14:00"), world.parse(field, "27/10/2021 09:30")
    assert DATETIME.diff(field, old, old, world.display) is None
    change = DATETIME.diff(field, old, new, world.display)
    assert (change.old, change.new) == ("26/10/2021 14:00", "27/10/2021 09:30")


# -- SharePoint's range, 01/01/1900 to 31/12/8900 (issue 7, finding 1) -------------------
@pytest.mark.parametrize("raw", [
    # The values: accepted, then displaying them in +7 overflowed; or a save failed.
    "9999-12-31T23:00+00:00", "9999-12-31T23:59-14:00",
    # The wall-clock time is out of range (checked before converting).
    "0001-01-01T00:00+14:00", "31/12/8901", "01/01/1899 23:59", date(9999, 12, 31),
    datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-23, minutes=-59))),
    datetime(1, 1, 1, tzinfo=UTC),
    # The wall-clock time is in range, the UTC moment it stands for is not.
    "1900-01-01T00:00+14:00", "8900-12-31T23:30-01:00",
])
def test_refuses_moments_outside_sharepoints_range(world, raw):
    moment = world.column("DateTime", name="Moment")
    day = world.column("DateTime", {"date_only": True}, name="Day")
    for field in (moment, day):
        with pytest.raises(FieldError) as error:
            world.parse(field, raw)
        assert error.value.message == "Enter a date between 01/01/1900 and 31/12/8900."


def test_accepts_the_ends_of_the_range(world):
    moment = world.column("DateTime", name="Moment")
    day = world.column("DateTime", {"date_only": True}, name="Day")
    first = world.parse(moment, "1900-01-01T00:00Z")
    last = world.parse(moment, "8900-12-31T23:59:59Z")
    assert first == datetime(1900, 1, 1, tzinfo=UTC)
    assert last == datetime(8900, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert DATETIME.display(moment, last, world.display) == "01/01/8901 06:59"
    assert world.parse(day, "01/01/1900") == date(1900, 1, 1)
    assert world.parse(day, "31/12/8900") == date(8900, 12, 31)
    # 23:00 UTC on the last day is already 8901 in Hồ Chí Minh City.
    with pytest.raises(FieldError, match="between 01/01/1900 and 31/12/8900"):
        world.parse(day, "8900-12-31T23:00Z")


def test_old_values_beyond_the_range_still_display(world):
    """A value stored before the range was enforced is shown in UTC, never an error."""
    moment = world.column("DateTime", name="Moment")
    item = world.item({})
    item.values = {moment.storage_key: "9999-12-31T23:00:00Z"}
    world.session.flush()
    value = world.read_back(item, moment)
    assert DATETIME.display(moment, value, world.display) == "31/12/9999 23:00 UTC"
    assert local_text(datetime(1, 1, 1, tzinfo=UTC), "America/New_York").endswith(" 00:00 UTC")
    assert local_text(value, "UTC") == "31/12/9999 23:00"
