"""Community partner keys (issue 19): a platform admin's read-only key for a partner serving one
community, and its call log. New tables only.

Revision ID: 0016_partner_keys
Revises: 0015
Create Date: 2026-12-04 11:25:02.032648
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import community_hub.models.base

revision = '0016_partner_keys'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('partnerkey',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('secret_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('shown_prefix', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('secret_hash')
    )
    with op.batch_alter_table('partnerkey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnerkey_community_id'), ['community_id'], unique=False)

    op.create_table('partnercall',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_key_id', sa.Integer(), nullable=False),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('route', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['partner_key_id'], ['partnerkey.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('partnercall', schema=None) as batch_op:
        batch_op.create_index('ix_partnercall_key_at', ['partner_key_id', 'at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('partnercall', schema=None) as batch_op:
        batch_op.drop_index('ix_partnercall_key_at')

    op.drop_table('partnercall')
    with op.batch_alter_table('partnerkey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnerkey_community_id'))

    op.drop_table('partnerkey')
