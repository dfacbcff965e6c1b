"""Made to order (issue 20): products paid as a deposit now and the balance when ready, the shop's
rule for a cancellation after work started, and the order's deposit and balance. Columns are added
and dropped in place (SQLite 3.35+), never by copying product, merchant or order.

Revision ID: 0025_made_to_order
Revises: 0024_hosted_checkout
Create Date: 2026-12-04 15:45:00.000000
"""
import sqlalchemy as sa
from alembic import op

import community_hub.models.base

revision = '0025_made_to_order'
down_revision = '0024_hosted_checkout'
branch_labels = None
depends_on = None

_ORDER_TIMES = ('work_started_at', 'balance_requested_at', 'balance_reminded_at', 'balance_paid_at')


def upgrade() -> None:
    op.add_column('product', sa.Column('made_to_order', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('product', sa.Column('deposit_bps', sa.Integer(), server_default='0', nullable=False))
    op.add_column('merchant', sa.Column('deposit_rule', sa.String(length=16), server_default='keep', nullable=False))
    op.add_column('order', sa.Column('deposit_minor', sa.Integer(), server_default='0', nullable=False))
    op.add_column('order', sa.Column('balance_minor', sa.Integer(), server_default='0', nullable=False))
    op.add_column('order', sa.Column('deposit_rule', sa.String(length=16), server_default='', nullable=False))
    op.add_column('order', sa.Column('deposit_state', sa.String(length=16), server_default='', nullable=False))
    for column in _ORDER_TIMES:
        op.add_column('order', sa.Column(column, community_hub.models.base.UTCDateTime(timezone=True), nullable=True))
    op.add_column('order', sa.Column('balance_payment_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    for column in ('balance_payment_id', *reversed(_ORDER_TIMES), 'deposit_state', 'deposit_rule',
                   'balance_minor', 'deposit_minor'):
        op.drop_column('order', column)
    op.drop_column('merchant', 'deposit_rule')
    for column in ('deposit_bps', 'made_to_order'):
        op.drop_column('product', column)
