"""A page's reads on PostgreSQL (core/db.read_session): each statement on its own, with no BEGIN
and no ROLLBACK around them, so that psycopg keeps the statements it prepared. A ROLLBACK made
psycopg forget them all, and reads were most transactions: each statement was parsed and planned
again by the server. A write inside a read fails at once."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from community_hub.core.db import WriteInRead, read_session, session_scope
from community_hub.core.errors import ServiceError
from community_hub.models import Community

PREPARED_FROM = 5  # psycopg prepares a statement from its fifth run on a connection


@pytest.fixture
def pg(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's half of the pair: SQLite has no prepared statements to keep")
    engine.pool.dispose()  # one fresh connection, so what it prepared is this test's alone
    return engine


def _prepared(db) -> int:
    # The statements this connection holds prepared: psycopg names its own "_pg3_<n>".
    return db.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one()


def _community(db) -> None:
    db.add(Community(slug="maple", name="Maple Court", lat=51.5, lon=-0.1))


def test_a_statement_read_again_and_again_stays_prepared(pg):
    with session_scope(pg) as db:
        _community(db)
    query = select(Community.name).where(Community.id == 1)
    for _ in range(PREPARED_FROM + 3):
        with read_session(pg) as db:
            assert db.execute(query).scalar_one() == "Maple Court"
    with read_session(pg) as db:
        # Before: each read ended in a ROLLBACK, psycopg sent DEALLOCATE ALL, and none was left.
        assert _prepared(db) >= 1


def test_a_read_sends_no_begin_and_no_rollback(pg):
    with session_scope(pg) as db:
        _community(db)
    with read_session(pg) as db:
        db.execute(select(Community.name)).all()
        # Outside any transaction block, PostgreSQL gives each statement its own transaction id.
        first = db.execute(text("SELECT txid_current()")).scalar_one()
        second = db.execute(text("SELECT txid_current()")).scalar_one()
    assert second != first


def test_a_refused_read_keeps_them_too(pg):
    query = select(Community.id).where(Community.id == 1)
    for _ in range(PREPARED_FROM + 3):
        with pytest.raises(ServiceError), read_session(pg) as db:
            db.execute(query).all()
            raise ServiceError("not for you")
    with read_session(pg) as db:
        assert _prepared(db) >= 1


def test_a_write_inside_a_read_fails_at_once_and_writes_still_work_after(pg):
    with pytest.raises(WriteInRead), read_session(pg) as db:
        _community(db)
        db.flush()
    with session_scope(pg) as db:  # the same pooled connection, writable again
        _community(db)
    with read_session(pg) as db:
        assert db.execute(select(Community.name)).scalars().all() == ["Maple Court"]


def test_what_a_read_loaded_can_still_be_shown_after_it(pg):
    with session_scope(pg) as db:
        _community(db)
    with read_session(pg) as db:
        place = db.get(Community, 1)
    assert place.name == "Maple Court"  # not expired when the read ended


def test_a_write_after_reads_on_the_same_connection_is_still_one_transaction(pg):
    for _ in range(3):
        with read_session(pg) as db:
            db.execute(select(Community.id)).all()
    with pytest.raises(ServiceError), session_scope(pg) as db:
        _community(db)
        db.flush()  # sent: were the connection still in autocommit, it would stay
        raise ServiceError("changed my mind")
    with read_session(pg) as db:
        assert db.execute(select(Community.id)).all() == []
