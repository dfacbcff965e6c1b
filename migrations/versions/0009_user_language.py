"""Members remember the language they chose (English or Simplified Chinese).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 06:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user') as batch:
        batch.add_column(sa.Column('language', sa.String(length=8), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('user') as batch:
        batch.drop_column('language')
