"""session stamps, sign-in throttle per (login, address) and address

Every existing user gets a random session stamp; the sessions they hold (which carry no
stamp) end. The per-account failure count and lock give way to the throttle table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:12:40.118532
"""
import secrets

import sqlalchemy as sa
from alembic import op

import listengine.models.base


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sign_in_throttle',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('login_key', sa.String(length=64), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_attempt', listengine.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('last_failure', listengine.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_throttle'))
    )
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_throttle_last_failure'), ['last_failure'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_throttle_login_key'), ['login_key'], unique=False)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_stamp', sa.String(length=64), nullable=True))
    _stamp_existing_users()
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('session_stamp', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def _stamp_existing_users() -> None:
    conn = op.get_bind()
    for (user_id,) in conn.execute(sa.text("SELECT id FROM user_account")).all():
        conn.execute(sa.text("UPDATE user_account SET session_stamp = :s WHERE id = :i"),
                     {"s": secrets.token_hex(16), "i": user_id})


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', listengine.models.base.UtcDateTime(timezone=True), nullable=True))
        batch_op.drop_column('session_stamp')

    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttle_login_key'))
        batch_op.drop_index(batch_op.f('ix_sign_in_throttle_last_failure'))

    op.drop_table('sign_in_throttle')
