"""Migrations run once: on PostgreSQL an upgrade waits for the advisory schema lock, so two
machines starting at once take turns and the second finds the schema at head."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text

from community_hub import migrate
from community_hub.core.db import make_engine
from tests import throwaway
from tests.conftest import PG_ADMIN_URL, require_pg


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    require_pg()
    with throwaway.pg_database(PG_ADMIN_URL, "hub_lock") as url:
        yield url


def _machine(url: str, errors: list[BaseException]):
    """A machine starting up: it upgrades the schema and records what went wrong for the test."""
    def upgrade() -> None:
        try:
            migrate.upgrade(url)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
    return upgrade


def _waiting_for_schema_lock(engine) -> bool:
    key = migrate.SCHEMA_LOCK_KEY
    with engine.connect() as conn:  # a bigint advisory key shows as classid (high) and objid (low)
        return bool(conn.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND classid = :hi AND objid = :lo"), {"hi": key >> 32, "lo": key & 0xFFFFFFFF}).scalar())


def test_an_upgrade_waits_for_the_one_holding_the_schema_lock(fresh_pg):
    engine = make_engine(fresh_pg)
    errors: list[BaseException] = []
    second_machine = _machine(fresh_pg, errors)

    try:
        with migrate.schema_lock(fresh_pg):  # the first machine is migrating
            other = threading.Thread(target=second_machine)
            other.start()
            deadline = time.monotonic() + 30
            while not _waiting_for_schema_lock(engine):
                assert time.monotonic() < deadline, "the second upgrade never asked for the lock"
                time.sleep(0.1)
            assert other.is_alive()
            assert "alembic_version" not in inspect(engine).get_table_names()  # it has not started
        other.join(timeout=300)
        assert not other.is_alive() and errors == []
        assert migrate.pending_changes(engine) == []
    finally:
        engine.dispose()


def test_two_upgrades_at_once_both_succeed_and_migrate_once(fresh_pg):
    errors: list[BaseException] = []
    machine = _machine(fresh_pg, errors)

    threads = [threading.Thread(target=machine) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    engine = make_engine(fresh_pg)
    try:
        assert migrate.pending_changes(engine) == []
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        engine.dispose()
