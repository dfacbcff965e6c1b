"""Schema upgrades with Alembic, and the check that the migrations match the models.

Upgrades run once per deployment, never by each app worker: `./hub run` (and the Compose file's
one-shot `migrate` service) migrate before the workers start. On PostgreSQL the upgrade also holds
an advisory lock, so two machines or containers starting at once take turns: the second waits,
then finds the schema at head and does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from community_hub.core.config import PROJECT_ROOT, settings
from community_hub.core.db import make_engine


def alembic_config(db_url: str | None = None) -> Config:
    cfg = Config(str(PROJECT_ROOT / "migrations" / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.attributes["db_url"] = db_url or settings().db_url
    return cfg


# Any fixed 64-bit number no other code locks with: "hubmigr" in ASCII.
SCHEMA_LOCK_KEY = 0x6875626D696772


@contextmanager
def schema_lock(db_url: str | None = None) -> Iterator[None]:
    """Hold PostgreSQL's session advisory lock `SCHEMA_LOCK_KEY` for the block (waits while another
    process holds it). It lives on a connection of its own, outside any transaction, and goes away
    with that connection if the process dies. SQLite needs none: it serves one machine, one worker."""
    url = settings().straight(db_url or settings().db_url)  # a session lock: never through a pooler
    if not url.startswith("postgresql"):
        yield
        return
    engine = make_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SCHEMA_LOCK_KEY})
    finally:
        engine.dispose()


def upgrade(db_url: str | None = None, *, locked: bool = False) -> None:
    """Alembic to head, then what Alembic does not model. `locked=True`: the caller already holds
    `schema_lock` (taking it again on another connection would wait for ourselves)."""
    # Straight to PostgreSQL, not through a transaction pooler: a migration's statements and the
    # lock it holds belong to one session.
    url = settings().straight(db_url or settings().db_url)
    if not locked:
        with schema_lock(url):
            upgrade(url, locked=True)
        return
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    try:
        after_upgrade(engine)
    finally:
        engine.dispose()


def after_upgrade(engine: Engine) -> None:
    """Things Alembic does not model (full-text search indexes and their triggers)."""
    try:
        from community_hub.marketplace.search import ensure_search_index
    except ImportError:  # the marketplace search is not part of this build
        return
    ensure_search_index(engine)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Full-text search tables and indexes (SQLite FTS5, PostgreSQL GIN) are managed by
    `after_upgrade`, not by the models, so Alembic must neither create nor drop them."""
    managed = "_fts" in (name or "") or "search_tsv" in (name or "")
    return not (type_ in ("table", "index", "column") and reflected and compare_to is None and managed)


def pending_changes(engine: Engine) -> list:
    """Differences between the migrated database and the models; empty when they agree."""
    import community_hub.models  # noqa: F401

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        return compare_metadata(ctx, SQLModel.metadata)
