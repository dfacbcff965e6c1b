"""One payout in flight per shop: a partial unique index on payout(owner) where status is pending.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 23:40:00

Two admin tabs could each send a payout for the same balance; the code now locks the shop's
payable before checking, and this index proves it in the database.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('uq_payout_one_pending', 'payout', ['owner'], unique=True,
                    sqlite_where=sa.text("status = 'pending'"),
                    postgresql_where=sa.text("status = 'pending'"))


def downgrade() -> None:
    op.drop_index('uq_payout_one_pending', table_name='payout')
