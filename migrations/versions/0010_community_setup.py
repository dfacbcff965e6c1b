"""Property companies set up their own communities: buildings, a unit's owner and contact, and the
community a staff session works on.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 08:40:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import community_hub.models.base

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'building',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('community_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('floors', sa.Integer(), nullable=False),
        sa.Column('created_at', community_hub.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['community_id'], ['community.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('community_id', 'name'),
    )
    op.create_index(op.f('ix_building_community_id'), 'building', ['community_id'], unique=False)
    op.create_table(
        'staffcommunitychoice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('community_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['community_id'], ['community.id']),
        sa.ForeignKeyConstraint(['session_id'], ['authsession.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('session_id'),
    )
    with op.batch_alter_table('household') as batch:
        batch.add_column(sa.Column('owner_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('owner_contact', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('household') as batch:
        batch.drop_column('owner_contact')
        batch.drop_column('owner_name')
    op.drop_table('staffcommunitychoice')
    op.drop_index(op.f('ix_building_community_id'), table_name='building')
    op.drop_table('building')
