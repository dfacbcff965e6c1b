"""Notifications per step (issue 18): the admin's channel matrix (a row only where a default was
changed) and members' channels turned off per kind of message. New tables only.

Revision ID: 0020_notify_step_channels
Revises: 0019_platform_announcements
"""
import sqlalchemy as sa
from alembic import op

import community_hub.models.base

revision = '0020_notify_step_channels'
down_revision = '0019_platform_announcements'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'step_channel_rule',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('step', sa.String(length=60), nullable=False),
        sa.Column('side', sa.String(length=16), nullable=False),
        sa.Column('in_app', sa.Boolean(), nullable=False),
        sa.Column('email', sa.Boolean(), nullable=False),
        sa.Column('sms', sa.Boolean(), nullable=False),
        sa.Column('updated_by', sa.Integer(), nullable=True),
        sa.Column('updated_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['updated_by'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('step', 'side'),
    )
    op.create_table(
        'member_channel_off',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'category', 'channel'),
    )
    with op.batch_alter_table('member_channel_off', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_channel_off_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('member_channel_off', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_channel_off_user_id'))
    op.drop_table('member_channel_off')
    op.drop_table('step_channel_rule')
