"""Community partners' webhooks (issue 19): an endpoint is a shop's or a partner key's, an event a
shop's or a community's (each numbered in its own stream), exactly one owner each (a CHECK).

Columns are added in place, never by copying webhookendpoint or apievent (deliveries point at
them). SQLite cannot drop a NOT NULL or add a CHECK with ALTER TABLE, so there the table's stored
CREATE statement is edited under `PRAGMA writable_schema` — SQLite's documented way to remove a
NOT NULL constraint without touching the stored rows (every existing row has a merchant, so the
CHECK holds for them).

Revision ID: 0026_partner_webhooks
Revises: 0025_made_to_order
Create Date: 2026-12-04 16:00:00.000000
"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0026_partner_webhooks'
down_revision = '0025_made_to_order'
branch_labels = None
depends_on = None

_OWNERS = {'apievent': ('community_id', 'community', 'ck_apievent_owner'),
           'webhookendpoint': ('partner_key_id', 'partnerkey', 'ck_webhookendpoint_owner')}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def _rewrite(table: str, edit) -> None:
    """Edit a SQLite table's stored CREATE statement (no row is rewritten)."""
    conn = op.get_bind()
    sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)).scalar_one()
    version = conn.exec_driver_sql('PRAGMA schema_version').scalar_one()
    conn.exec_driver_sql('PRAGMA writable_schema=ON')
    conn.exec_driver_sql("UPDATE sqlite_master SET sql=? WHERE type='table' AND name=?", (edit(sql), table))
    conn.exec_driver_sql(f'PRAGMA schema_version={int(version) + 1}')
    conn.exec_driver_sql('PRAGMA writable_schema=OFF')


def _check(column: str, name: str) -> str:
    return f'CONSTRAINT {name} CHECK ((merchant_id IS NULL) <> ({column} IS NULL))'


def _loosen(column: str, name: str):
    def edit(sql: str) -> str:
        sql = re.sub(r'\bmerchant_id INTEGER NOT NULL\b', 'merchant_id INTEGER', sql, count=1)
        head, _, tail = sql.rpartition(')')
        return f'{head.rstrip()}, \n\t{_check(column, name)}\n){tail}'
    return edit


def _tighten(column: str, name: str):
    def edit(sql: str) -> str:
        sql = re.sub(r',\s*' + re.escape(_check(column, name)), '', sql)
        return re.sub(r'\bmerchant_id INTEGER(?= *,)', 'merchant_id INTEGER NOT NULL', sql, count=1)
    return edit


def upgrade() -> None:
    op.create_table(
        'apicommunityeventcounter',
        sa.Column('community_id', sa.Integer(), nullable=False),
        sa.Column('last_seq', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['community_id'], ['community.id']),
        sa.PrimaryKeyConstraint('community_id'),
    )
    for table, (column, target, check) in _OWNERS.items():
        if _sqlite():
            op.execute(f'ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {target} (id)')
            _rewrite(table, _loosen(column, check))
        else:
            op.add_column(table, sa.Column(column, sa.Integer(), sa.ForeignKey(f'{target}.id'), nullable=True))
            op.alter_column(table, 'merchant_id', existing_type=sa.Integer(), nullable=True)
            op.create_check_constraint(check, table, f'(merchant_id IS NULL) <> ({column} IS NULL)')
    op.create_index('ix_apievent_community_seq', 'apievent', ['community_id', 'seq'], unique=True)
    op.create_index('ix_webhookendpoint_partner_key_id', 'webhookendpoint', ['partner_key_id'], unique=False)


def downgrade() -> None:
    # What only a community owned goes first: its deliveries' tries, its deliveries, its events, its endpoints.
    partner_deliveries = ('SELECT d.id FROM webhookdelivery d JOIN webhookendpoint e ON e.id = d.endpoint_id '
                          'WHERE e.partner_key_id IS NOT NULL UNION SELECT d.id FROM webhookdelivery d '
                          'JOIN apievent v ON v.id = d.event_id WHERE v.community_id IS NOT NULL')
    op.execute(f'DELETE FROM webhookattempt WHERE delivery_id IN ({partner_deliveries})')
    op.execute(f'DELETE FROM webhookdelivery WHERE id IN ({partner_deliveries})')
    op.execute('DELETE FROM apievent WHERE community_id IS NOT NULL')
    op.execute('DELETE FROM webhookendpoint WHERE partner_key_id IS NOT NULL')
    op.drop_index('ix_webhookendpoint_partner_key_id', table_name='webhookendpoint')
    op.drop_index('ix_apievent_community_seq', table_name='apievent')
    for table, (column, _target, check) in _OWNERS.items():
        if _sqlite():
            _rewrite(table, _tighten(column, check))
            op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
        else:
            op.drop_constraint(check, table, type_='check')
            op.alter_column(table, 'merchant_id', existing_type=sa.Integer(), nullable=False)
            op.drop_column(table, column)
    op.drop_table('apicommunityeventcounter')
