"""security scopes, groups, permission levels, role assignments

Sites that exist already get what a new site gets: their own scope, SharePoint's permission
levels, and Owners / Members / Visitors groups holding Full Control / Edit / Read.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 17:52:21.006277
"""
import sqlalchemy as sa
from alembic import op

import listengine.models.base
from listengine.permissions import BUILTIN_LEVELS, DEFAULT_GROUPS


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('security_scope',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('anonymous_mask', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_scope'))
    )
    with op.batch_alter_table('security_scope', schema=None) as batch_op:
        batch_op.create_index('ix_security_scope_anonymous', ['id'], unique=False, sqlite_where=sa.text('anonymous_mask != 0'), postgresql_where=sa.text('anonymous_mask != 0'))

    op.create_table('role_definition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.String(length=512), nullable=False),
    sa.Column('permissions', sa.BigInteger(), nullable=False),
    sa.Column('editable', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_role_definition_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_definition')),
    sa.UniqueConstraint('site_id', 'name', name=op.f('uq_role_definition_site_id_name'))
    )
    op.create_table('site_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.String(length=512), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_site_group_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_group')),
    sa.UniqueConstraint('site_id', 'name', name=op.f('uq_site_group_site_id_name'))
    )
    op.create_table('group_member',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['site_group.id'], name=op.f('fk_group_member_group_id_site_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_group_member_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_group_member'))
    )
    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_member_user_id'), ['user_id'], unique=False)

    op.create_table('role_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('role_definition_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('(user_id IS NULL) <> (group_id IS NULL)', name=op.f('ck_role_assignment_one_principal')),
    sa.ForeignKeyConstraint(['group_id'], ['site_group.id'], name=op.f('fk_role_assignment_group_id_site_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_definition_id'], ['role_definition.id'], name=op.f('fk_role_assignment_role_definition_id_role_definition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scope_id'], ['security_scope.id'], name=op.f('fk_role_assignment_scope_id_security_scope'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_role_assignment_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignment'))
    )
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.create_index('ix_role_assignment_group_scope', ['group_id', 'scope_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_role_definition_id'), ['role_definition_id'], unique=False)
        batch_op.create_index('ix_role_assignment_user_scope', ['user_id', 'scope_id'], unique=False)
        batch_op.create_index('ux_role_assignment_group', ['scope_id', 'group_id', 'role_definition_id'], unique=True, sqlite_where=sa.text('group_id IS NOT NULL'), postgresql_where=sa.text('group_id IS NOT NULL'))
        batch_op.create_index('ux_role_assignment_user', ['scope_id', 'user_id', 'role_definition_id'], unique=True, sqlite_where=sa.text('user_id IS NOT NULL'), postgresql_where=sa.text('user_id IS NOT NULL'))

    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_item_list_scope', ['list_id', 'scope_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_item_scope_id_security_scope'), 'security_scope', ['scope_id'], ['id'])

    with op.batch_alter_table('list', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_list_scope_id_security_scope'), 'security_scope', ['scope_id'], ['id'])

    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope_id', sa.Integer(), nullable=True))
    _secure_existing_sites()
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.alter_column('scope_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_site_scope_id_security_scope'), 'security_scope', ['scope_id'], ['id'])

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', listengine.models.base.UtcDateTime(timezone=True), nullable=True))



def _secure_existing_sites() -> None:
    conn = op.get_bind()
    meta = sa.MetaData()
    scope = sa.Table("security_scope", meta, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("anonymous_mask", sa.BigInteger))
    level = sa.Table("role_definition", meta, sa.Column("id", sa.Integer, primary_key=True),
                     *(sa.Column(c) for c in ("site_id", "name", "description", "permissions",
                                              "editable", "position")))
    group = sa.Table("site_group", meta, sa.Column("id", sa.Integer, primary_key=True),
                     *(sa.Column(c) for c in ("site_id", "name", "description")))
    assignment = sa.Table("role_assignment", meta, sa.Column("id", sa.Integer, primary_key=True),
                          *(sa.Column(c) for c in ("scope_id", "group_id", "role_definition_id")))
    for site_id, title in conn.execute(sa.text("SELECT id, title FROM site")).all():
        scope_id = conn.execute(sa.insert(scope).values(anonymous_mask=0)
                                .returning(scope.c.id)).scalar_one()
        conn.execute(sa.text("UPDATE site SET scope_id = :s WHERE id = :i"),
                     {"s": scope_id, "i": site_id})
        levels = {}
        for position, builtin in enumerate(BUILTIN_LEVELS):
            levels[builtin.name] = conn.execute(sa.insert(level).values(
                site_id=site_id, name=builtin.name, description=builtin.description,
                permissions=builtin.mask, editable=builtin.editable, position=position)
                .returning(level.c.id)).scalar_one()
        for suffix, level_name in DEFAULT_GROUPS:
            group_id = conn.execute(sa.insert(group).values(
                site_id=site_id, name=f"{title} {suffix}", description="")
                .returning(group.c.id)).scalar_one()
            conn.execute(sa.insert(assignment).values(scope_id=scope_id, group_id=group_id,
                                                      role_definition_id=levels[level_name]))


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')

    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_site_scope_id_security_scope'), type_='foreignkey')
        batch_op.drop_column('scope_id')

    with op.batch_alter_table('list', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_list_scope_id_security_scope'), type_='foreignkey')
        batch_op.drop_column('scope_id')

    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_item_scope_id_security_scope'), type_='foreignkey')
        batch_op.drop_index('ix_item_list_scope')
        batch_op.drop_column('scope_id')

    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_index('ux_role_assignment_user', sqlite_where=sa.text('user_id IS NOT NULL'), postgresql_where=sa.text('user_id IS NOT NULL'))
        batch_op.drop_index('ux_role_assignment_group', sqlite_where=sa.text('group_id IS NOT NULL'), postgresql_where=sa.text('group_id IS NOT NULL'))
        batch_op.drop_index('ix_role_assignment_user_scope')
        batch_op.drop_index(batch_op.f('ix_role_assignment_role_definition_id'))
        batch_op.drop_index('ix_role_assignment_group_scope')

    op.drop_table('role_assignment')
    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_member_user_id'))

    op.drop_table('group_member')
    op.drop_table('site_group')
    op.drop_table('role_definition')
    with op.batch_alter_table('security_scope', schema=None) as batch_op:
        batch_op.drop_index('ix_security_scope_anonymous', sqlite_where=sa.text('anonymous_mask != 0'), postgresql_where=sa.text('anonymous_mask != 0'))

    op.drop_table('security_scope')
