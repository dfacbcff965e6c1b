"""The change bell (core/change_bell.py, core/change_rings.py): a committed write to what a live page
shows wakes that page's watcher at once, and nobody else's; a rolled-back one wakes nobody. On
PostgreSQL the ring travels by NOTIFY to every worker's listener (this process's own included, so
these tests go through it), and a listener that lost its connection rings everyone once back."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text, update
from sqlmodel import Session

from community_hub.core import change_bell, change_bell_file, change_bell_pg, change_rings
from community_hub.core.db import session_scope
from community_hub.models import InboxItem
from tests import factories

WAKE = 3.0  # s: a ring comes in milliseconds; a miss is a timeout


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _inbox_key(user_id: int):
    return change_rings.key_of(InboxItem, "user_id", user_id)


async def _woken_by(engine, keys, write, timeout: float = WAKE) -> bool:
    """Does `write()` (run in a thread, as services run) wake a waiter on `keys`?"""
    since = change_bell.mark()
    if engine.dialect.name == "postgresql":  # the listener is up before anything rings
        change_bell_pg.listen(_url(engine), change_bell._on_notify, change_bell.ring_all)
        await _listening(engine)
    waiter = asyncio.create_task(change_bell.wait(keys, timeout, since, _url(engine)))
    await asyncio.sleep(0.05)
    await asyncio.to_thread(write)
    return await waiter


async def _listening(engine, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with engine.connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE query = :q"),
                             {"q": f"LISTEN {change_bell_pg.CHANNEL}"}).scalar()
        if n:
            return
        await asyncio.sleep(0.05)
    pytest.fail("the change bell's listener did not connect")


def _add_item(engine, user_id: int, fail: bool = False) -> None:
    with session_scope(engine) as db:
        db.add(InboxItem(user_id=user_id, title="Your parcel is here", body=""))
        db.flush()
        if fail:
            raise RuntimeError("rolled back")


def test_a_committed_write_wakes_its_watcher_and_nobody_elses(engine, db):
    riley, sam = factories.user(db, email="riley@example.test"), factories.user(db, email="sam@example.test")
    db.commit()

    async def run() -> tuple[bool, bool]:
        mine = await _woken_by(engine, [_inbox_key(riley.id)], lambda: _add_item(engine, riley.id))
        others = await _woken_by(engine, [_inbox_key(sam.id)], lambda: _add_item(engine, riley.id), timeout=1.0)
        return mine, others

    mine, others = asyncio.run(run())
    assert mine, "Riley's new inbox item did not wake her page's watcher"
    assert not others, "Riley's new inbox item woke Sam's watcher"


def test_a_rolled_back_write_wakes_nobody(engine, db):
    riley = factories.user(db, email="riley@example.test")
    db.commit()

    def failing() -> None:
        with pytest.raises(RuntimeError):
            _add_item(engine, riley.id, fail=True)

    assert not asyncio.run(_woken_by(engine, [_inbox_key(riley.id)], failing, timeout=1.0))


def test_a_bulk_update_rings_the_person_its_where_clause_names(engine, db):
    """`UPDATE inboxitem SET read_at = ... WHERE user_id = riley`: Riley's watcher, not Sam's."""
    riley, sam = factories.user(db, email="riley@example.test"), factories.user(db, email="sam@example.test")
    db.commit()

    def read_all() -> None:
        with session_scope(engine) as s:
            s.exec(update(InboxItem).where(InboxItem.user_id == riley.id, InboxItem.read_at.is_(None))
                   .values(title="read"))

    async def run() -> tuple[bool, bool]:
        return (await _woken_by(engine, [_inbox_key(riley.id)], read_all),
                await _woken_by(engine, [_inbox_key(sam.id)], read_all, timeout=1.0))

    mine, others = asyncio.run(run())
    assert mine and not others, (mine, others)


def test_a_ring_that_came_while_the_watcher_was_reading_is_not_lost(sqlite_engine):
    """The watcher notes `mark()`, reads, and only then waits: a commit in between wakes it at once."""
    with Session(sqlite_engine, expire_on_commit=False) as db:
        riley = factories.user(db, email="riley@example.test")
        db.commit()

    async def run() -> float:
        since = change_bell.mark()
        await asyncio.to_thread(_add_item, sqlite_engine, riley.id)  # while it reads
        t0 = time.monotonic()
        assert await change_bell.wait([_inbox_key(riley.id)], WAKE, since)
        return time.monotonic() - t0

    assert asyncio.run(run()) < 0.5


def test_a_commit_by_another_process_on_the_same_sqlite_file_wakes_the_watcher(sqlite_engine):
    """SQLite has no NOTIFY: another process's commit (a `./hub` command, a test acting as another
    person) comes by the file beside the database (core/change_bell_file.py) within a fraction of
    a second; before it, an open page saw it only at its fallback time. The process's own commits
    are not rung a second time from the file."""
    with Session(sqlite_engine, expire_on_commit=False) as db:
        riley, sam = factories.user(db, email="riley@example.test"), factories.user(db, email="sam@example.test")
        db.commit()
    url = _url(sqlite_engine)
    other_process = ("import sys; from community_hub.core.db import engine_for, session_scope; "
                     "from community_hub.models import InboxItem\n"
                     "with session_scope(engine_for(sys.argv[1])) as db:\n"
                     "    db.add(InboxItem(user_id=int(sys.argv[2]), title='Your parcel is here', body=''))")
    rung: list = []

    async def run() -> tuple[bool, float]:
        change_bell_file.listen(url, change_bell._on_notify, change_bell.ring_all)
        since = change_bell.mark()
        waiter = asyncio.create_task(change_bell.wait([_inbox_key(riley.id)], 10.0, since, url))
        await asyncio.sleep(0.3)  # the reader has taken the file's size
        child = await asyncio.create_subprocess_exec(sys.executable, "-c", other_process, url, str(riley.id),
                                                     cwd=str(Path(__file__).resolve().parents[3]))
        assert await child.wait() == 0
        t0 = time.monotonic()
        woken = await waiter
        return woken, time.monotonic() - t0

    woken, after = asyncio.run(run())
    assert woken, "another process's commit on the SQLite file did not wake the watcher"
    assert after < 1.0, f"woken {after:.2f} s after the other process ended"

    real_ring = change_bell.ring
    try:
        change_bell.ring = lambda keys: rung.append(list(keys)) or real_ring(keys)
        _add_item(sqlite_engine, sam.id)  # this process's own commit
        time.sleep(3 * change_bell_file.LOOK_SECONDS)
    finally:
        change_bell.ring = real_ring
    assert rung == [[_inbox_key(sam.id)]], f"this process's own commit rang {len(rung)} times"


def test_a_row_written_while_a_whole_table_watcher_read_is_not_lost():
    """A page that waits on a whole table keyed by rows (`key_of(Order)`) is told of a row written
    while it read, as a row's own watcher is; and a row watcher is not told of another row."""
    from community_hub.models.orders import Order

    since = change_bell.mark()
    change_bell.ring([change_rings.key_of(Order, "id", 77)])
    assert change_bell.rang_since([change_rings.key_of(Order)], since)
    assert change_bell.rang_since([change_rings.key_of(Order, "id", 77)], since)
    assert not change_bell.rang_since([change_rings.key_of(Order, "id", 78)], since)


def test_a_key_nobody_rings_is_refused():
    """A page that would wait on a column no write rings would never wake: said at once."""
    with pytest.raises(ValueError, match="rings nothing"):
        change_rings.key_of(InboxItem, "title", "x")


def test_the_listener_rings_everyone_when_it_is_back_after_losing_its_connection(_pg_engine):
    """PostgreSQL only: SQLite has one process and no listener."""
    engine = _pg_engine
    with Session(engine, expire_on_commit=False) as db:
        riley = factories.user(db, email="listener-riley@example.test")
        db.commit()

    async def run() -> bool:
        change_bell_pg.listen(_url(engine), change_bell._on_notify, change_bell.ring_all)
        await _listening(engine)
        since = change_bell.mark()
        waiter = asyncio.create_task(change_bell.wait([_inbox_key(riley.id)], 10.0, since, _url(engine)))
        await asyncio.sleep(0.05)
        with engine.connect() as conn:  # the database drops the listener's connection
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = :q"),
                         {"q": f"LISTEN {change_bell_pg.CHANNEL}"})
            conn.commit()
        return await waiter

    assert asyncio.run(run()), "the watcher was not woken when the listener came back"


def test_a_bulk_update_naming_one_key_of_a_table_keyed_twice_rings_the_whole_table():
    """An order is watched by its id (its page), by its owner (her orders list) and by its shop
    (the shop's orders): an UPDATE that names only the id cannot say whose lists it moves, so the
    whole table rings."""
    from community_hub.models.orders import Order

    by_id = update(Order).where(Order.id == 5).values(note="x")
    all_three = update(Order).where(Order.id == 5, Order.user_id == 3, Order.merchant_id == 2).values(note="x")
    assert change_rings._where_keys(by_id, "order") == set()
    assert change_rings._where_keys(all_three, "order") == {("order", "id", "5"), ("order", "user_id", "3"),
                                                            ("order", "merchant_id", "2")}
