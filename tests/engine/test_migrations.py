"""The Alembic migrations build exactly the tables the models describe, on both databases."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from listengine.db import Database, make_engine
from listengine.migrate import current, upgrade
from listengine.models import Base
from listengine.permissions import Permission
from listengine.services import access, groups, sites, users


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_is_idempotent(engine):
    upgrade(engine)
    assert current(engine) is not None


#: A site with a list, an item, a lookup link and a counter, as migration 0001 stored them.
OLD_ROWS = (
    "INSERT INTO site (id, slug, title, description, time_zone, created)"
    " VALUES (1, 'cu', 'Trang cũ', '', 'UTC', '2024-01-01')",
    "INSERT INTO user_account (id, login, display_name, email, password_hash, is_active,"
    " is_site_admin, created) VALUES (1, 'a', 'A', '', '', 1, 0, '2024-01-01')",
    "INSERT INTO list (id, site_id, title, url_name, description, last_item_no, view_fields,"
    " page_size, created) VALUES (1, 1, 'Tin', 'tin', '', 1, '[]', 30, '2024-01-01')",
    "INSERT INTO content_type (id, site_id, list_id, ct_id, name, description, group_name,"
    " position) VALUES (1, 1, 1, '0x01', 'Item', '', '', 0)",
    "INSERT INTO field (id, site_id, list_id, internal_name, title, type_key, required,"
    " \"unique\", indexed, hidden, description, group_name, settings)"
    " VALUES (1, 1, 1, 'Views', 'Views', 'Counter', 0, 0, 0, 0, '', '', '{}')",
    "INSERT INTO item (id, list_id, item_no, content_type_id, \"values\", row_version,"
    " ui_version, moderation_status, created, author_id, modified, editor_id)"
    " VALUES (1, 1, 1, 1, '{}', 1, 512, 0, '2024-01-01', 1, '2024-01-01', 1)",
    "INSERT INTO item_counter (item_id, field_id, value) VALUES (1, 1, 9)",
    "INSERT INTO item_link (item_id, field_id, position, target_item_id) VALUES (1, 1, 0, 1)",
)


def test_a_site_made_before_permissions_existed_gets_what_a_new_site_gets(tmp_path):
    """Migration 0002 gives existing sites a scope, the built-in levels and the default
    groups (SQLite file of its own: the shared test databases are already at head)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0001")
    with engine.begin() as connection:
        for statement in OLD_ROWS:
            connection.execute(text(statement))
    upgrade(engine)
    with Database(engine).session() as session:
        site = sites.get_site(session, "cu")
        assert site.scope_id is not None
        names = [g.name for g in groups.list_groups(session, site)]
        assert names == ["Trang cũ Members", "Trang cũ Owners", "Trang cũ Visitors"]
        system = users.system_actor(session)
        person = users.create_user(session, actor=system, login="doc", display_name="Độc giả")
        groups.add_member(session, groups.get_group(session, site, "Trang cũ Visitors"), person,
                          actor=system)
        reader = access.actor_for(session, person)
        assert access.can(session, reader, site, Permission.ViewListItems)
        assert not access.can(session, reader, site, Permission.AddListItems)
        # Rebuilding tables on SQLite must not cascade-delete the rows that reference them.
        assert session.execute(text("SELECT item_id, value FROM item_counter")).all() == [(1, 9)]
        assert session.execute(text("SELECT item_id, target_item_id FROM item_link")).all() \
            == [(1, 1)]
        session.rollback()
    engine.dispose()
