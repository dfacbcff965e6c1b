"""Platform announcements (issue 18): the back office's messages to everyone, residents,
merchants, agents or one community, and who has opened each (it leaves their banner). New tables only.

Revision ID: 0019_platform_announcements
Revises: 0018_admin_sub_roles
"""
import sqlalchemy as sa
from alembic import op

import community_hub.models.base

revision = '0019_platform_announcements'
down_revision = '0018_admin_sub_roles'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'platform_announcement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('body', sa.String(length=2000), nullable=False),
        sa.Column('audience', sa.String(length=16), nullable=False),
        sa.Column('community_id', sa.Integer(), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('recipients', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
        sa.ForeignKeyConstraint(['created_by'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('platform_announcement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_announcement_created_at'), ['created_at'], unique=False)
    op.create_table(
        'announcement_read',
        sa.Column('announcement_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('read_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['announcement_id'], ['platform_announcement.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('announcement_id', 'user_id'),
    )
    with op.batch_alter_table('announcement_read', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcement_read_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('announcement_read', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcement_read_user_id'))
    op.drop_table('announcement_read')
    with op.batch_alter_table('platform_announcement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_announcement_created_at'))
    op.drop_table('platform_announcement')
