"""Search finds Chinese words: products and shops keep their CJK text as pairs of characters.

Adds `search_cjk` to product and merchant, fills it for the rows already there, and drops the
full-text objects built on the old columns (SQLite FTS5 tables and triggers; PostgreSQL's
`product.search_tsv` and `ix_merchant_fts`) so that `migrate.after_upgrade` (ensure_search_index)
builds them again over the new column and fills them from the rows.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 08:40:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

# The rule the app searches with (models/cjk_grams.py): the stored pairs must be cut the way the
# queries are, so the backfill uses the same function rather than a frozen copy.
from community_hub.models.cjk_grams import CJK_RUN, search_grams

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_SQLITE_FTS = ("product_fts", "merchant_fts")
_SQLITE_TRIGGERS = [f"{t}_{k}" for t in _SQLITE_FTS for k in ("ai", "ad", "au")]


def _drop_search_objects() -> None:
    """What ensure_search_index builds: it builds them again, over the current columns, after the upgrade."""
    if op.get_bind().dialect.name == "sqlite":
        for trigger in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for table in _SQLITE_FTS:
            op.execute(f"DROP TABLE IF EXISTS {table}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_merchant_fts")
        op.execute("ALTER TABLE product DROP COLUMN IF EXISTS search_tsv")  # its GIN index goes with it


def _backfill(table: str, columns: list[str]) -> None:
    """search_cjk for the rows that hold any CJK (the others keep the default ''), a batch at a time."""
    conn = op.get_bind()
    select = sa.text(f"SELECT id, {', '.join(columns)} FROM {table} WHERE id > :after ORDER BY id LIMIT 5000")
    update = sa.text(f"UPDATE {table} SET search_cjk = :grams WHERE id = :id")
    after = 0
    while rows := conn.execute(select, {"after": after}).all():
        after = rows[-1][0]
        changed = [{"id": r[0], "grams": search_grams(*r[1:])} for r in rows
                   if any(CJK_RUN.search(v or "") for v in r[1:])]
        if changed:
            conn.execute(update, changed)


def upgrade() -> None:
    _drop_search_objects()
    for table in ("merchant", "product"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('search_cjk', sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                       server_default=''))
    _backfill("merchant", ["name", "category", "description"])
    _backfill("product", ["name", "description"])


def downgrade() -> None:
    _drop_search_objects()  # the previous release's ensure_search_index builds its own again
    for table in ("product", "merchant"):
        # Not a batch: rebuilding the table on SQLite would drop a table other tables point at.
        # SQLite 3.35+ drops a plain column in place.
        op.drop_column(table, 'search_cjk')
