"""A PostgreSQL connection is pinged before use only after sitting idle (core/idle_ping.py): one
in steady use is not asked "SELECT 1" on every checkout, and a dead one left idle is replaced
before anyone uses it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from community_hub.core import idle_ping
from community_hub.core.db import make_engine
from tests.conftest import PG_ADMIN_URL as PG


@pytest.fixture
def pg():
    engine = make_engine(PG)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"PostgreSQL is part of the suite and cannot be reached: {exc}")
    yield engine
    engine.dispose()


def _pings(engine) -> list[int]:
    seen: list[int] = []
    real = engine.dialect.do_ping
    engine.dialect.do_ping = lambda conn: seen.append(1) or real(conn)
    return seen


def test_a_connection_in_steady_use_is_not_pinged_each_time(pg):
    pings = _pings(pg)
    for _ in range(20):
        with pg.connect() as conn:
            assert conn.execute(text("SELECT 2")).scalar() == 2
    assert not pings, f"{len(pings)} pings for 20 uses of a connection in steady use"


def test_a_dead_connection_left_idle_is_replaced_before_use(pg, monkeypatch):
    with pg.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    killer = make_engine(PG)
    try:
        with killer.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        killer.dispose()
    monkeypatch.setattr(idle_ping, "PING_AFTER_IDLE_S", 0.0)  # it has sat idle long enough
    with pg.connect() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != pid
