"""Sessions remember their last use, so one left idle ends (besides the absolute 14 days).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 02:30:00
"""
from alembic import op
import sqlalchemy as sa
import community_hub.models.base


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('authsession') as batch:
        batch.add_column(sa.Column('last_seen_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('authsession') as batch:
        batch.drop_column('last_seen_at')
