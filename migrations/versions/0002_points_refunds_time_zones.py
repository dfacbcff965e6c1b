"""Refunds of ad bookings and service bills, and each community's time zone.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:59:22.235394

New NOT NULL columns get server defaults so databases made by 0001 (with rows in them) upgrade
in place; points need no table of their own (they are ledger postings in currency "PTS").
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import community_hub.models.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('adbooking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('refund_minor', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('refund_points', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('bill', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refunded_minor', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('refunded_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('community', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False,
                                      server_default='UTC'))


def downgrade() -> None:
    with op.batch_alter_table('community', schema=None) as batch_op:
        batch_op.drop_column('time_zone')

    with op.batch_alter_table('bill', schema=None) as batch_op:
        batch_op.drop_column('refunded_at')
        batch_op.drop_column('refunded_minor')

    with op.batch_alter_table('adbooking', schema=None) as batch_op:
        batch_op.drop_column('refund_points')
        batch_op.drop_column('refund_minor')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_at')
