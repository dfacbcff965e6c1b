"""Schema upgrades with Alembic, and the check that the migrations match the models."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from community_hub.core.config import PROJECT_ROOT, settings
from community_hub.core.db import make_engine


def alembic_config(db_url: str | None = None) -> Config:
    cfg = Config(str(PROJECT_ROOT / "migrations" / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.attributes["db_url"] = db_url or settings().db_url
    return cfg


def upgrade(db_url: str | None = None) -> None:
    url = db_url or settings().db_url
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
