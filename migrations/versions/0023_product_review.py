"""Review before listing and shop supervision (issue 18): a product's change waiting for review,
warnings to shops; per shop a "trusted" switch and the suspension's reason; per product whether an
approved version is live and its review state. New columns have server defaults and are added in
place; products already listed stay live and approved, shops already trading start untrusted.

Revision ID: 0023_product_review
Revises: 0022_sharing_reports
"""
import sqlalchemy as sa
from alembic import op

import community_hub.models.base

revision = '0023_product_review'
down_revision = '0022_sharing_reports'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'product_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('merchant_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('before', sa.JSON(), nullable=False),
        sa.Column('after', sa.JSON(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('submitted_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('decided_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['decided_by'], ['user.id'], ),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchant.id'], ),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_product_change_product_id'), 'product_change', ['product_id'], unique=False)
    op.create_index(op.f('ix_product_change_merchant_id'), 'product_change', ['merchant_id'], unique=False)
    op.create_index(op.f('ix_product_change_state'), 'product_change', ['state'], unique=False)
    op.create_table(
        'merchant_warning',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('merchant_id', sa.Integer(), nullable=False),
        sa.Column('note', sa.String(length=1000), nullable=False),
        sa.Column('given_by', sa.Integer(), nullable=True),
        sa.Column('given_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('acknowledged_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('acknowledged_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['acknowledged_by'], ['user.id'], ),
        sa.ForeignKeyConstraint(['given_by'], ['user.id'], ),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchant.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_merchant_warning_merchant_id'), 'merchant_warning', ['merchant_id'], unique=False)
    op.add_column('merchant', sa.Column('trusted', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('merchant', sa.Column('suspended_reason', sa.String(length=500), server_default='', nullable=False))
    op.add_column('product', sa.Column('live', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column('product', sa.Column('review_state', sa.String(length=16), server_default='approved', nullable=False))
    op.add_column('product', sa.Column('review_reason', sa.String(length=500), server_default='', nullable=False))


def downgrade() -> None:
    # Tables that point at product go first; columns are dropped in place (SQLite 3.35+), never by
    # copying product or merchant, which other tables reference (a copy fails on a live database).
    op.drop_index(op.f('ix_merchant_warning_merchant_id'), table_name='merchant_warning')
    op.drop_table('merchant_warning')
    op.drop_index(op.f('ix_product_change_state'), table_name='product_change')
    op.drop_index(op.f('ix_product_change_merchant_id'), table_name='product_change')
    op.drop_index(op.f('ix_product_change_product_id'), table_name='product_change')
    op.drop_table('product_change')
    for column in ('review_reason', 'review_state', 'live'):
        op.drop_column('product', column)
    for column in ('suspended_reason', 'trusted'):
        op.drop_column('merchant', column)
