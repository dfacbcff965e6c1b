"""Platform customer-service cover and residents' questions to shops (issue 18). New tables only.

Revision ID: 0021_service_cover
Revises: 0020_notify_step_channels
"""
import sqlalchemy as sa
from alembic import op

import community_hub.models.base

revision = '0021_service_cover'
down_revision = '0020_notify_step_channels'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'service_cover',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('merchant_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('monthly_fee_minor', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('note', sa.String(length=300), nullable=False),
        sa.Column('reason', sa.String(length=300), nullable=False),
        sa.Column('requested_by', sa.Integer(), nullable=True),
        sa.Column('applied_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('decided_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.Column('paid_until', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('months_paid', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['decided_by'], ['user.id'], ),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchant.id'], ),
        sa.ForeignKeyConstraint(['requested_by'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('merchant_id'),
    )
    with op.batch_alter_table('service_cover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_cover_status'), ['status'], unique=False)
    op.create_table(
        'shop_question',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('merchant_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.String(length=1000), nullable=False),
        sa.Column('to_platform', sa.Boolean(), nullable=False),
        sa.Column('answer', sa.String(length=1000), nullable=False),
        sa.Column('answered_by', sa.Integer(), nullable=True),
        sa.Column('created_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('answered_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['answered_by'], ['user.id'], ),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchant.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('shop_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_question_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_question_to_platform'), ['to_platform'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_question_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('shop_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shop_question_user_id'))
        batch_op.drop_index(batch_op.f('ix_shop_question_to_platform'))
        batch_op.drop_index(batch_op.f('ix_shop_question_merchant_id'))
    op.drop_table('shop_question')
    with op.batch_alter_table('service_cover', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_cover_status'))
    op.drop_table('service_cover')
