"""Convenience services' places per day and their waiting lists (issue 16: priority decides who is
served first). The column is added in place (SQLite 3.35+), never by copying convenienceservice.

Revision ID: 0027_service_waiting
Revises: 0026_partner_webhooks
Create Date: 2026-12-04 16:10:00.000000
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import community_hub.models.base

revision = '0027_service_waiting'
down_revision = '0026_partner_webhooks'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('convenienceservice', sa.Column('places_per_day', sa.Integer(), server_default='0', nullable=False))
    op.create_table(
        'servicewaiting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('community_id', sa.Integer(), nullable=False),
        sa.Column('household_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('requested_for', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('queued_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=True),
        sa.Column('done_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['booking_id'], ['servicebooking.id']),
        sa.ForeignKeyConstraint(['community_id'], ['community.id']),
        sa.ForeignKeyConstraint(['household_id'], ['household.id']),
        sa.ForeignKeyConstraint(['service_id'], ['convenienceservice.id']),
        sa.ForeignKeyConstraint(['user_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    for column in ('community_id', 'household_id', 'service_id', 'state', 'user_id'):
        op.create_index(op.f(f'ix_servicewaiting_{column}'), 'servicewaiting', [column], unique=False)


def downgrade() -> None:
    for column in ('user_id', 'state', 'service_id', 'household_id', 'community_id'):
        op.drop_index(op.f(f'ix_servicewaiting_{column}'), table_name='servicewaiting')
    op.drop_table('servicewaiting')
    op.drop_column('convenienceservice', 'places_per_day')
