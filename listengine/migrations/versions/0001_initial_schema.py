"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 16:56:57.546760
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import listengine.models.base

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('created', listengine.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site')),
    sa.UniqueConstraint('slug', name=op.f('uq_site_slug'))
    )
    op.create_table('stored_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=255), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('created', listengine.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_file'))
    )
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_file_sha256'), ['sha256'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=128), nullable=False),
    sa.Column('display_name', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('is_site_admin', sa.Boolean(), nullable=False),
    sa.Column('created', listengine.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('login', name=op.f('uq_user_account_login'))
    )
    op.create_table('list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('url_name', sa.String(length=64), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=False),
    sa.Column('last_item_no', sa.Integer(), nullable=False),
    sa.Column('view_fields', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('page_size', sa.Integer(), nullable=False),
    sa.Column('created', listengine.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_list_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list')),
    sa.UniqueConstraint('site_id', 'title', name=op.f('uq_list_site_id_title')),
    sa.UniqueConstraint('site_id', 'url_name', name=op.f('uq_list_site_id_url_name'))
    )
    op.create_table('content_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=True),
    sa.Column('ct_id', sa.String(length=1024), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=False),
    sa.Column('group_name', sa.String(length=128), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['list.id'], name=op.f('fk_content_type_list_id_list'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['content_type.id'], name=op.f('fk_content_type_parent_id_content_type'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_content_type_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_type')),
    sa.UniqueConstraint('site_id', 'ct_id', name=op.f('uq_content_type_site_id_ct_id'))
    )
    with op.batch_alter_table('content_type', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_type_list_id'), ['list_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_type_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_type_site_id'), ['site_id'], unique=False)

    op.create_table('field',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=True),
    sa.Column('source_field_id', sa.Integer(), nullable=True),
    sa.Column('internal_name', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('type_key', sa.String(length=32), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('unique', sa.Boolean(), nullable=False),
    sa.Column('indexed', sa.Boolean(), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=False),
    sa.Column('group_name', sa.String(length=128), nullable=False),
    sa.Column('default_value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('settings', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['list.id'], name=op.f('fk_field_list_id_list'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_field_site_id_site'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_field_id'], ['field.id'], name=op.f('fk_field_source_field_id_field'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field')),
    sa.UniqueConstraint('list_id', 'internal_name', name=op.f('uq_field_list_id_internal_name'))
    )
    with op.batch_alter_table('field', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_field_source_field_id'), ['source_field_id'], unique=False)
        batch_op.create_index('uq_field_site_internal_name', ['site_id', 'internal_name'], unique=True, sqlite_where=sa.text('list_id IS NULL'), postgresql_where=sa.text('list_id IS NULL'))

    op.create_table('field_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_type_id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=True),
    sa.Column('hidden', sa.Boolean(), nullable=True),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['content_type_id'], ['content_type.id'], name=op.f('fk_field_link_content_type_id_content_type'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_field_link_field_id_field'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_link')),
    sa.UniqueConstraint('content_type_id', 'field_id', name=op.f('uq_field_link_content_type_id_field_id'))
    )
    with op.batch_alter_table('field_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_link_field_id'), ['field_id'], unique=False)

    op.create_table('item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('item_no', sa.Integer(), nullable=False),
    sa.Column('content_type_id', sa.Integer(), nullable=False),
    sa.Column('values', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('ui_version', sa.Integer(), nullable=False),
    sa.Column('moderation_status', sa.Integer(), nullable=False),
    sa.Column('created', listengine.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('modified', listengine.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_item_author_id_user_account')),
    sa.ForeignKeyConstraint(['content_type_id'], ['content_type.id'], name=op.f('fk_item_content_type_id_content_type')),
    sa.ForeignKeyConstraint(['editor_id'], ['user_account.id'], name=op.f('fk_item_editor_id_user_account')),
    sa.ForeignKeyConstraint(['list_id'], ['list.id'], name=op.f('fk_item_list_id_list'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item')),
    sa.UniqueConstraint('list_id', 'item_no', name=op.f('uq_item_list_id_item_no'))
    )
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_content_type_id'), ['content_type_id'], unique=False)

    op.create_table('item_counter',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_item_counter_field_id_field'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_item_counter_item_id_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'field_id', name=op.f('pk_item_counter'))
    )
    op.create_table('item_link',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('target_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_item_link_field_id_field'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_item_link_item_id_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_item_id'], ['item.id'], name=op.f('fk_item_link_target_item_id_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'field_id', 'position', name=op.f('pk_item_link'))
    )
    with op.batch_alter_table('item_link', schema=None) as batch_op:
        batch_op.create_index('ix_item_link_target', ['target_item_id', 'field_id'], unique=False)

    op.create_table('item_unique_value',
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('value_key', sa.String(length=255), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_item_unique_value_field_id_field'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_item_unique_value_item_id_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('field_id', 'value_key', name=op.f('pk_item_unique_value'))
    )
    with op.batch_alter_table('item_unique_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_unique_value_item_id'), ['item_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('item_unique_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_unique_value_item_id'))

    op.drop_table('item_unique_value')
    with op.batch_alter_table('item_link', schema=None) as batch_op:
        batch_op.drop_index('ix_item_link_target')

    op.drop_table('item_link')
    op.drop_table('item_counter')
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_content_type_id'))

    op.drop_table('item')
    with op.batch_alter_table('field_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_link_field_id'))

    op.drop_table('field_link')
    with op.batch_alter_table('field', schema=None) as batch_op:
        batch_op.drop_index('uq_field_site_internal_name', sqlite_where=sa.text('list_id IS NULL'), postgresql_where=sa.text('list_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_field_source_field_id'))
        batch_op.drop_index(batch_op.f('ix_field_site_id'))

    op.drop_table('field')
    with op.batch_alter_table('content_type', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_type_site_id'))
        batch_op.drop_index(batch_op.f('ix_content_type_parent_id'))
        batch_op.drop_index(batch_op.f('ix_content_type_list_id'))

    op.drop_table('content_type')
    op.drop_table('list')
    op.drop_table('user_account')
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_file_sha256'))

    op.drop_table('stored_file')
    op.drop_table('site')

