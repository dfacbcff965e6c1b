"""A cart remembers the coupon applied to it, so the cart, checkout and the order agree on one.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 05:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cart') as batch:
        batch.add_column(sa.Column('coupon_code', sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cart') as batch:
        batch.drop_column('coupon_code')
