"""`./hub migrate` builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from community_hub import migrate
from community_hub.core.db import make_engine, session_scope
from community_hub.seed import seed
from tests import throwaway
from tests.conftest import PG_ADMIN_URL, _pg_reachable


def _check(url: str) -> None:
    migrate.upgrade(url)
    migrate.upgrade(url)  # a second run is a no-op
    engine = make_engine(url)
    try:
        assert migrate.pending_changes(engine) == []
        assert "alembic_version" in inspect(engine).get_table_names()
        with session_scope(engine) as db:  # the demo seed runs on a migrated database, twice
            seed(db)
        with session_scope(engine) as db:
            seed(db)
    finally:
        engine.dispose()


def test_migrations_match_models_on_sqlite(tmp_path):
    _check(f"sqlite:///{tmp_path}/migrated.db")


def test_migrations_match_models_on_postgres():
    reason = _pg_reachable()
    if reason:
        pytest.skip(reason)
    with throwaway.pg_database(PG_ADMIN_URL, "hub_migr") as url:
        _check(url)
