"""Sharing: abuse reports of items, messages and reviews for the moderation queue; what each side
of a conversation has read (unread first on /share/messages); a moderator's hidden flag on
messages and reviews. New columns have server defaults and are added in place.

Revision ID: 0022_sharing_reports
Revises: 0021_service_cover
"""
import sqlalchemy as sa
from alembic import op

import community_hub.models.base

revision = '0022_sharing_reports'
down_revision = '0021_service_cover'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sharingreport',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('target_kind', sa.String(length=10), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('reporter_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('created_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.Column('decided_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['decided_by'], ['user.id'], ),
        sa.ForeignKeyConstraint(['reporter_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('target_kind', 'target_id', 'reporter_id'),
    )
    op.create_index(op.f('ix_sharingreport_state'), 'sharingreport', ['state'], unique=False)
    op.add_column('conversation', sa.Column('owner_seen_id', sa.Integer(), server_default='0', nullable=False))
    op.add_column('conversation', sa.Column('other_seen_id', sa.Integer(), server_default='0', nullable=False))
    op.add_column('conversationmessage', sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('sharingreview', sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('sharingreview') as batch_op:
        batch_op.drop_column('hidden')
    with op.batch_alter_table('conversationmessage') as batch_op:
        batch_op.drop_column('hidden')
    with op.batch_alter_table('conversation') as batch_op:
        batch_op.drop_column('other_seen_id')
        batch_op.drop_column('owner_seen_id')
    op.drop_index(op.f('ix_sharingreport_state'), table_name='sharingreport')
    op.drop_table('sharingreport')
