"""Shared fixtures: every service test runs on SQLite and on PostgreSQL (when one is reachable).

PostgreSQL: a throw-away database per test session on 127.0.0.1:5432 (override with
HUB_TEST_PG_URL). When none answers, the PostgreSQL half FAILS (a green run must have run it):
only HUB_ALLOW_NO_PG=1 (a laptop without PostgreSQL) turns that into a skip with the reason.
The summary says how many tests passed on each database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from community_hub.core.config import load_settings, override_settings
from community_hub.core.db import session_scope
from tests import engines, throwaway

# This test process arranges data as the demo app does (the app servers it starts run with
# HUB_DEMO_MODE=1 too); module-scoped fixtures read settings before `_demo_settings` applies.
# Tests of the production configuration pass their own environment to load_settings.
os.environ.setdefault("HUB_DEMO_MODE", "1")

PG_ADMIN_URL = os.environ.get("HUB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(autouse=True)
def _payment_hooks() -> Iterator[None]:
    """Every test starts with the app's payment hooks registered (as `community_hub.app` does) and
    leaves none behind, so no result depends on which test ran before."""
    from community_hub.payment_hooks import register_payment_hooks
    from community_hub.payments import hooks

    hooks.clear_hooks()
    register_payment_hooks()
    yield
    hooks.clear_hooks()


@pytest.fixture(autouse=True)
def _demo_settings(tmp_path) -> Iterator[None]:
    """Known settings for every test; tests that need others call override_settings themselves."""
    override_settings(
        load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "test-secret", "REFLEX_DB_URL": f"sqlite:///{tmp_path}/unused.db"})
    )
    yield
    override_settings(None)


def _pg_reachable() -> str | None:
    try:
        eng = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 2})
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable here"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL.split('@')[-1]} ({type(exc).__name__}); PostgreSQL half skipped"


def require_pg() -> None:
    """Fail (or, with HUB_ALLOW_NO_PG=1, skip) when PostgreSQL is not reachable."""
    reason = _pg_reachable()
    if reason is None:
        return
    if os.environ.get("HUB_ALLOW_NO_PG") == "1":
        pytest.skip(reason)
    pytest.fail(reason.replace("PostgreSQL half skipped", "set HUB_ALLOW_NO_PG=1 to skip the PostgreSQL half"),
                pytrace=False)


_passed_on: dict[str, int] = {"sqlite": 0, "postgres": 0}


def pytest_runtest_logreport(report) -> None:
    if report.when == "call" and report.passed:
        for backend in _passed_on:
            if f"[{backend}" in report.nodeid or f"-{backend}]" in report.nodeid or f"-{backend}-" in report.nodeid:
                _passed_on[backend] += 1


def pytest_terminal_summary(terminalreporter) -> None:
    if any(_passed_on.values()):
        terminalreporter.write_line(
            f"databases: {_passed_on['sqlite']} passed on SQLite, {_passed_on['postgres']} passed on PostgreSQL")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    require_pg()
    with throwaway.pg_database(PG_ADMIN_URL, "hub_test") as url:
        yield url


@pytest.fixture(scope="session")
def _pg_engine(pg_database) -> Iterator[Engine]:
    """One schema for the whole run; each test starts from empty tables (see `engine`)."""
    eng = engines.new_schema(pg_database)
    yield eng
    eng.dispose()


def _truncated(request) -> Engine:
    eng = request.getfixturevalue("_pg_engine")
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with eng.begin() as conn:
        conn.execute(text("SET LOCAL lock_timeout = '20s'"))
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return eng


# An empty schema on each backend: a new SQLite file, or PostgreSQL tables truncated (re-creating
# 70-odd tables per test cost 2-3 s each; TRUNCATE costs milliseconds).
engine = engines.on_both_databases(postgres=_truncated)


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:
    with engines.sqlite_file(tmp_path / "test.db") as eng:
        yield eng


@pytest.fixture
def tx(engine):
    """`with tx() as db:` opens one committed transaction on the test engine, like a user action."""
    return lambda: session_scope(engine)


@pytest.fixture
def db(engine) -> Iterator[Session]:
    """A probe session for arranging data and reading results: on SQLite every statement commits
    on its own (it never holds the write lock and always sees the latest data)."""
    with Session(engine.execution_options(sqlite_begin=None), expire_on_commit=False) as session:
        yield session
