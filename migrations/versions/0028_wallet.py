"""A resident's wallet (issue 20): where refunds of card payments go, per member (a new table;
the wallet itself is the ledger's resident_wallet account, no table of its own).

Revision ID: 0028_wallet
Revises: 0027_service_waiting
Create Date: 2026-12-04 16:30:00.000000
"""
import sqlalchemy as sa
from alembic import op

import community_hub.models.base

revision = '0028_wallet'
down_revision = '0027_service_waiting'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'walletrefundchoice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('to_wallet', sa.Boolean(), nullable=False),
        sa.Column('updated_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id'),
    )


def downgrade() -> None:
    op.drop_table('walletrefundchoice')
