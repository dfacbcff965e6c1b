"""Money held in suspense: why a payment's money waits there (payment.held_reason).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 00:10:00

A payment that succeeded for something that refused it used to roll back with the refusal while
the provider kept the money; it is now posted to the suspense ledger account and flagged here.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_column('held_reason')
