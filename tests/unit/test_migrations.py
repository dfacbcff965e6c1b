"""`./hub migrate` builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from community_hub import migrate
from community_hub.core.db import make_engine, session_scope
from community_hub.seed import seed
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
    name = f"hub_migr_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _check(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
