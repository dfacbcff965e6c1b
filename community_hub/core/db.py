"""Engines and the one-transaction-per-user-action session scope.

SQLite (the embedded default) gets WAL, foreign keys and BEGIN IMMEDIATE so that a transaction
that will write takes the write lock up front: two checkouts of the last item serialise instead of
both reading stock 1. PostgreSQL gets row locks through `with_for_update()` in the services.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

from community_hub.core import (
    authz_epoch,  # noqa: F401  (its listeners move the epoch on every write)
    change_rings,  # noqa: F401  (its listeners ring the change bell on commits live pages watch)
)
from community_hub.core.config import settings
from community_hub.core.idle_ping import ping_when_idle

# 30 connections per process at most. Most are kept open: under load the page openings' held reads
# and the service threads use about twenty at once, and with 10 kept the others were opened and
# closed again on every use (the load bench's profile: 1.4 % of the worker connecting SQLite).
POOL = {"pool_size": 20, "max_overflow": 10}


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # A file database gets the pool PostgreSQL has: page openings hold a read connection
        # across awaits (accounts/acting.HeldRead), and the worker threads need theirs beside them.
        pool = {} if url in ("sqlite://", "sqlite:///:memory:") else dict(POOL)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record):  # pragma: no cover - trivial
            # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # IMMEDIATE unless a caller asks otherwise: read_session() uses DEFERRED (readers never
            # block the writer under WAL); None means statement-at-a-time autocommit (test probes).
            mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
            if mode:
                conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    # Behind a transaction pooler each transaction may run on another server connection, where a
    # statement psycopg prepared on the last one does not exist: prepare none (psycopg prepares
    # a statement from its fifth run otherwise).
    args = {"prepare_threshold": None} if settings().through_pooler(url) else {}
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    # A connection in use is not pinged each time.
    eng = ping_when_idle(create_engine(url, connect_args=args, **POOL))
    _reads_only(eng)
    return eng


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    return engine_for(settings().db_url)


@contextmanager
def session_scope(bind: Engine | None = None) -> Iterator[Session]:
    """One transaction: commit on success, roll back on error.

    A ServiceError raised with keep=True (a failed login, a wrong code) still commits what was
    recorded before it (the attempt counter) so limits cannot be dodged by failing.
    """
    from community_hub.core.errors import ServiceError

    db = Session(bind or engine(), expire_on_commit=False)
    try:
        yield db
        db.commit()
    except ServiceError as exc:
        if exc.keep:
            db.commit()
        else:
            db.rollback()
        raise
    except BaseException:
        db.rollback()
        raise
    finally:
        db.close()


# Each engine's reading twin, made once: building one per read cost about 100 us of Python (the
# micro-measure in docs/PROFILE.md, eighteenth round).
_READING: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def _reading(base: Engine) -> Engine:
    eng = _READING.get(base)
    if eng is None:
        eng = _READING[base] = (base.execution_options(hub_reading=True) if base.dialect.name == "postgresql"
                                else base.execution_options(sqlite_begin="DEFERRED"))
    return eng


_READS = ("SELECT", "WITH", "SHOW", "VALUES", "EXPLAIN")
_OURS = "hub_read_autocommit"


class WriteInRead(RuntimeError):
    """A statement that writes, sent inside a read_session: a bug in the caller, never dropped
    quietly nor committed."""


def _reads_only(eng: Engine) -> None:
    """A read_session on PostgreSQL runs each statement on its own (psycopg's autocommit): no BEGIN
    and no COMMIT or ROLLBACK around a page's reads, two round trips fewer per read; at READ
    COMMITTED, PostgreSQL's default, each statement of a transaction takes its own snapshot
    anyway, so a read sees nothing different. A ROLLBACK also made psycopg forget every statement
    it had prepared on the connection (DEALLOCATE ALL), so none lived to be prepared and each was
    parsed and planned again (docs/PROFILE.md, eighteenth round).

    The flag is set when a transaction begins and only when it differs from the connection's last
    use, because setting it costs a round of psycopg's wait loop (SQLAlchemy's own isolation option
    sets and resets it at every checkout, at about 55 us a read). A connection someone else put in
    autocommit (the migrations' lock) is left as it is. A statement that writes inside a read
    fails at once (`WriteInRead`)."""
    @event.listens_for(eng, "begin")
    def _begin(conn):
        reading = bool(conn.get_execution_options().get("hub_reading"))
        record = conn.connection
        if reading and not record.dbapi_connection.autocommit:
            record.dbapi_connection.autocommit = True
            record.info[_OURS] = True
        elif not reading and record.info.pop(_OURS, False):
            record.dbapi_connection.autocommit = False

    @event.listens_for(eng, "before_cursor_execute")
    def _no_writes(conn, _cursor, statement, _parameters, _context, _executemany):
        if conn.get_execution_options().get("hub_reading") and not statement.lstrip()[:7].upper().startswith(_READS):
            raise WriteInRead(f"a write inside a read_session: {statement[:80]}")


@contextmanager
def read_session(bind: Engine | None = None) -> Iterator[Session]:
    """A read-only look (a page's list): on SQLite it does not take the write lock; on PostgreSQL
    each statement runs on its own, and one that writes fails (`_reads_only`)."""
    db = Session(_reading(bind or engine()), expire_on_commit=False)
    try:
        yield db
    finally:
        # close() ends the transaction without expiring what was loaded, so rows read here can
        # still be shown after the block (a rollback() would expire them).
        db.close()


def create_all(bind: Engine | None = None) -> None:
    """Create every table (tests and first runs; `./hub migrate` runs Alembic for upgrades)."""
    import community_hub.models  # noqa: F401  (registers every table on the metadata)

    SQLModel.metadata.create_all(bind or engine())
