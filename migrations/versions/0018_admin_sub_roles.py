"""Back-office sub-roles of platform admins (issue 18): finance, review, customer service,
content, super. Every platform admin existing at upgrade time becomes a super admin, so nobody who
ran the back office before loses it; admins made later hold only what a super admin grants.

Revision ID: 0018_admin_sub_roles
Revises: 0017_promotions
"""
import sqlalchemy as sa
from alembic import op

import community_hub.models.base

revision = '0018_admin_sub_roles'
down_revision = '0017_promotions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'admin_sub_role',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('permission', sa.String(length=32), nullable=False),
        sa.Column('granted_by', sa.Integer(), nullable=True),
        sa.Column('granted_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['granted_by'], ['user.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'permission'),
    )
    with op.batch_alter_table('admin_sub_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_sub_role_user_id'), ['user_id'], unique=False)
    op.execute(
        "INSERT INTO admin_sub_role (user_id, permission, granted_at) "
        "SELECT DISTINCT user_id, 'super', CURRENT_TIMESTAMP FROM userrole WHERE role = 'platform_admin'"
    )


def downgrade() -> None:
    with op.batch_alter_table('admin_sub_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_sub_role_user_id'))
    op.drop_table('admin_sub_role')
