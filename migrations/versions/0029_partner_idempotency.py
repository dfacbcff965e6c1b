"""A community partner key's writes honour Idempotency-Key too (issue 19): their kept answers get a
table of their own, because apiidempotentanswer.key_id points at shop keys.

Revision ID: 0029_partner_idempotency
Revises: 0028_wallet
Create Date: 2026-12-04 17:50:00.000000
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import community_hub.models.base

revision = '0029_partner_idempotency'
down_revision = '0028_wallet'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'partneridempotentanswer',
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partner_key_id', sa.Integer(), nullable=False),
        sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('request_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('status', sa.Integer(), nullable=False),
        sa.Column('created_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['partner_key_id'], ['partnerkey.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('partner_key_id', 'idempotency_key'),
    )


def downgrade() -> None:
    op.drop_table('partneridempotentanswer')
