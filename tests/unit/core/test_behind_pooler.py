"""PostgreSQL behind a transaction pooler (a real PgBouncer, as docs/SCALING.md puts one past a
dozen workers): the app's engine works through it, and what a pooler cannot carry goes straight to
PostgreSQL by HUB_DIRECT_DB_URL (core/config.py): the change bell's LISTEN, the migrations and
their advisory lock. Without it the listener finds itself deaf and says so."""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import select

from community_hub import migrate
from community_hub.api.health import _probe
from community_hub.core import change_bell, change_bell_pg, change_rings
from community_hub.core.config import load_settings, override_settings
from community_hub.core.db import make_engine, session_scope
from community_hub.models import InboxItem, User
from tests import throwaway
from tests.conftest import PG_ADMIN_URL, require_pg

DIRECT_NAME = "hub_direct"  # the direct connections' application_name, to tell them apart in pg_stat_activity


@pytest.fixture(scope="module")
def database():
    require_pg()
    with throwaway.pg_database(PG_ADMIN_URL, "hub_pooler") as url:
        migrate.upgrade(url)  # as a deployment builds it (straight: these settings know no pooler)
        with throwaway.pgbouncer(url) as pooled:
            yield url, pooled


def _direct(url: str) -> str:
    return make_url(url).update_query_dict({"application_name": DIRECT_NAME}).render_as_string(hide_password=False)


def _configure(pooled: str, direct: str | None) -> None:
    env = {"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "test-secret", "REFLEX_DB_URL": pooled}
    override_settings(load_settings({**env, "HUB_DIRECT_DB_URL": direct} if direct else env))


def _until(check, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return check()


def test_the_app_engine_through_the_pooler_runs_the_same_statements_again_and_again(database):
    """psycopg prepares a statement from its fifth run; through the pooler the next transaction
    may land on a server connection that never saw it ("prepared statement _pg3_0 does not exist")."""
    url, pooled = database
    _configure(pooled, _direct(url))
    eng = make_engine(pooled)

    def read(i: int) -> int:
        for _ in range(12):
            with session_scope(eng) as db:
                db.exec(select(User).where(User.id == i)).first()
                db.exec(text("SELECT 1")).one()
        return 1

    try:
        with ThreadPoolExecutor(8) as pool:
            assert sum(pool.map(read, range(24))) == 24
    finally:
        eng.dispose()


def test_a_listener_through_the_pooler_finds_itself_deaf_and_says_so(database, caplog, monkeypatch):
    url, pooled = database
    _configure(pooled, None)
    monkeypatch.setattr(change_bell_pg, "PROBE_SECONDS", 2.0)
    caplog.set_level(logging.WARNING, logger="community_hub.change_bell")
    change_bell.start_listening()
    assert _until(lambda: change_bell_pg.hearing(pooled) == "deaf", 10), change_bell_pg.hearing(pooled)
    assert "HUB_DIRECT_DB_URL" in caplog.text
    assert _probe()["change_bell"] == "deaf"  # /api/health says it too


def test_with_the_direct_url_a_commit_through_the_pooler_wakes_a_watcher(database):
    url, pooled = database
    direct = _direct(url)
    _configure(pooled, direct)
    eng = make_engine(pooled)
    try:
        with session_scope(eng) as db:
            riley = User(email="pooled-riley@example.test", display_name="Riley", password_hash="x")
            db.add(riley)
            db.flush()
            riley_id = riley.id

        async def run() -> bool:
            change_bell.start_listening()  # the app's database: its listener goes by the direct URL
            await asyncio.to_thread(_until, lambda: change_bell_pg.hearing(direct) == "listening", 10)
            since = change_bell.mark()
            keys = [change_rings.key_of(InboxItem, "user_id", riley_id)]
            waiter = asyncio.create_task(change_bell.wait(keys, 5.0, since))
            await asyncio.sleep(0.05)

            def write() -> None:
                with session_scope(eng) as db:
                    db.add(InboxItem(user_id=riley_id, title="Your parcel is here", body=""))
            await asyncio.to_thread(write)
            return await waiter

        assert asyncio.run(run()), "a commit through the pooler did not wake the watcher"
        assert change_bell_pg.hearing(direct) == "listening"
        assert _probe()["change_bell"] == "ok"
        with make_engine(url).connect() as conn:  # the LISTEN is on a direct connection
            names = conn.execute(text("SELECT application_name FROM pg_stat_activity WHERE query = :q"),
                                 {"q": f"LISTEN {change_bell_pg.CHANNEL}"}).scalars().all()
        assert DIRECT_NAME in names
    finally:
        eng.dispose()


def test_migrations_and_their_lock_go_straight_to_postgresql(database):
    """A session advisory lock taken through the pooler would stay on whichever server connection
    ran it, and its unlock could run on another."""
    url, pooled = database
    _configure(pooled, _direct(url))
    probe = make_engine(url)
    try:
        with migrate.schema_lock(), probe.connect() as conn:
            holders = conn.execute(text(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted")).scalars().all()
        assert holders == [DIRECT_NAME]
        migrate.upgrade()  # at head already: it takes the lock by the direct URL, finds nothing to do, gives it back
        with probe.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).scalar() == 0
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        probe.dispose()


def test_a_direct_url_needs_postgresql_on_both_sides():
    from community_hub.core.config import ConfigError

    with pytest.raises(ConfigError, match="HUB_DIRECT_DB_URL"):
        load_settings({"HUB_DEMO_MODE": "1", "REFLEX_DB_URL": "sqlite:///x.db",
                       "HUB_DIRECT_DB_URL": "postgresql://postgres@127.0.0.1/hub"})
