"""Joining a household is proven: invitation codes and join requests that staff approve.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 00:30:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import community_hub.models.base


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'householdinvite',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('household_id', sa.Integer(), nullable=False),
        sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('max_uses', sa.Integer(), nullable=False),
        sa.Column('uses', sa.Integer(), nullable=False),
        sa.Column('expires_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('by_member', sa.Boolean(), nullable=False),
        sa.Column('created_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['user.id']),
        sa.ForeignKeyConstraint(['household_id'], ['household.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'),
    )
    op.create_index(op.f('ix_householdinvite_household_id'), 'householdinvite', ['household_id'], unique=False)
    op.create_table(
        'householdjoinrequest',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('household_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('created_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.Column('decided_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['decided_by'], ['user.id']),
        sa.ForeignKeyConstraint(['household_id'], ['household.id']),
        sa.ForeignKeyConstraint(['user_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_householdjoinrequest_household_id'), 'householdjoinrequest', ['household_id'], unique=False)
    op.create_index(op.f('ix_householdjoinrequest_user_id'), 'householdjoinrequest', ['user_id'], unique=False)
    op.create_index(op.f('ix_householdjoinrequest_status'), 'householdjoinrequest', ['status'], unique=False)
    op.create_index('uq_join_request_one_open', 'householdjoinrequest', ['user_id'], unique=True,
                    sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))


def downgrade() -> None:
    op.drop_table('householdjoinrequest')
    op.drop_table('householdinvite')
