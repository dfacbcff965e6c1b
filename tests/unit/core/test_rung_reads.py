"""Answers kept until the change bell rings (core/rung_reads.py), on SQLite and PostgreSQL: the
header's unread count and the agreements a member accepted are read once, not at every page,
and a change to them shows at the very next read: a commit of this process is noted at once, on
PostgreSQL too (its NOTIFY comes back a moment later). A write the bell cannot hear shows after
MAX_AGE; a read in a transaction that began before a commit is not kept past that commit."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from community_hub.accounts import agreements
from community_hub.core import rung_reads
from community_hub.core.kept_reads import forget_all
from community_hub.models import InboxItem, Role
from community_hub.models.agreements import DocumentKind
from community_hub.notify import inbox
from tests import factories as f
from tests.bell_rings import heard_all
from tests.query_count import counted


def _people(tx):
    with tx() as db:
        admin, riley = f.user(db, Role.PLATFORM_ADMIN), f.user(db, Role.RESIDENT)
        return f.actor(db, admin), f.actor(db, riley)


def _reading(engine):
    """A read's session, as pages read (core/db.read_session): on SQLite it takes no write lock."""
    return Session(engine.execution_options(sqlite_begin="DEFERRED"))


# Before reading twice, `heard_all`: every commit so far has rung here. On PostgreSQL this process
# hears its own commits' NOTIFY a moment after it noted them: that ring ends what was kept
# meanwhile (one read more), which a loaded machine may deliver between two reads of a test.


def _unread(engine, who) -> tuple[int, int]:
    """Riley's unread count as a page opening reads it: the count, and the statements it took."""
    with _reading(engine) as db:
        return counted(db, lambda: inbox.unread_count(db, who))


def _parcel(tx, user_id: int) -> None:
    with tx() as db:
        db.add(InboxItem(user_id=user_id, title="Your parcel is here", body=""))


def test_the_unread_count_is_read_once_and_a_new_item_shows_at_the_next_page(engine, tx):
    forget_all()
    _admin, riley = _people(tx)
    _parcel(tx, riley.user_id)
    heard_all(engine)
    count, statements = _unread(engine, riley)
    assert count == 1 and statements  # read (on SQLite after its BEGIN)
    assert _unread(engine, riley) == (1, 0)  # the next page: nothing read
    _parcel(tx, riley.user_id)  # committed here: on PostgreSQL before its NOTIFY is heard
    assert _unread(engine, riley)[0] == 2
    with tx() as db:
        inbox.mark_read(db, riley)  # a bulk UPDATE naming Riley
    assert _unread(engine, riley)[0] == 0


def test_another_persons_inbox_does_not_end_riley_s_kept_count(engine, tx):
    forget_all()
    _admin, riley = _people(tx)
    with tx() as db:
        sam = f.actor(db, f.user(db, Role.RESIDENT))
    heard_all(engine)
    assert _unread(engine, riley)[0] == 0
    _parcel(tx, sam.user_id)
    heard_all(engine)
    assert _unread(engine, riley) == (0, 0)
    assert _unread(engine, sam)[0] == 1


def test_a_write_the_bell_cannot_hear_shows_after_max_age(engine, tx, monkeypatch):
    forget_all()
    _admin, riley = _people(tx)
    assert _unread(engine, riley)[0] == 0
    with engine.begin() as conn:  # raw SQL: no ORM hook rings
        conn.execute(text("INSERT INTO inboxitem (user_id, title, body, link, created_at) "
                          "VALUES (:u, 'Raw', '', '', CURRENT_TIMESTAMP)"), {"u": riley.user_id})
    assert _unread(engine, riley)[0] == 0
    monkeypatch.setattr(rung_reads, "MAX_AGE", 0.0)
    assert _unread(engine, riley)[0] == 1


def test_a_read_whose_transaction_began_before_a_commit_is_not_kept_past_it(engine, tx):
    """On SQLite a transaction reads the database as it was at its first read: a count read late in
    it is older than a commit rung meanwhile, and must not stand after that commit."""
    forget_all()
    _admin, riley = _people(tx)
    with _reading(engine) as early:
        early.exec(text("SELECT count(*) FROM inboxitem")).one()  # it has read: SQLite's snapshot is taken
        _parcel(tx, riley.user_id)  # committed (and rung) after it began
        inbox.unread_count(early, riley)  # 0 on SQLite's snapshot, 1 on PostgreSQL: either way not kept
    assert _unread(engine, riley)[0] == 1


def test_agreements_accepted_are_read_once_and_a_new_version_is_due_at_once(engine, tx):
    forget_all()
    admin, riley = _people(tx)
    with tx() as db:
        terms = agreements.publish(db, admin, DocumentKind.AGREEMENT, title="Terms", body="Be kind.")

    def due() -> tuple[list[int], int]:
        with _reading(engine) as db:
            found, statements = counted(db, lambda: agreements.due(db, riley))
        return [d.id for d in found], statements

    heard_all(engine)
    assert due()[0] == [terms.id]
    assert due() == ([terms.id], 0)  # the current versions and what Riley accepted: both kept
    with tx() as db:
        agreements.accept(db, riley, [terms.id])
    assert due()[0] == []
    with tx() as db:
        newer = agreements.publish(db, admin, DocumentKind.AGREEMENT, title="Terms", body="Be kinder.")
    assert due()[0] == [newer.id]
