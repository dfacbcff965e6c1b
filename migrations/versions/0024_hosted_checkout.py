"""Hosted checkout (issue 20): a payment remembers the provider's hosted payment page (a Stripe
Checkout Session) its payer was sent to. Columns added in place (no table copy on SQLite).

Revision ID: 0024_hosted_checkout
Revises: 0023_product_review
Create Date: 2026-12-04 11:49:02.385830
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0024_hosted_checkout'
down_revision = '0023_product_review'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('payment', sa.Column('checkout_id', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
    op.add_column('payment', sa.Column('checkout_url', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))
    op.create_index('ix_payment_checkout_id', 'payment', ['checkout_id'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_payment_checkout_id', table_name='payment')
    op.drop_column('payment', 'checkout_url')
    op.drop_column('payment', 'checkout_id')
