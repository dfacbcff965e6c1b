"""Reads that many people share, kept a few seconds in this process.

Some answers are the same for everyone who asks within a few seconds (a community's business
circle and home feed, the current platform agreement) and are read on nearly every page: the
load bench showed them among the largest reads (docs/PROFILE.md). A `KeptReads` keeps each
answer `fresh_s` seconds per key (the database's address is part of every key, so two databases
in one process never share), and drops them all at once when this process flushes a change to
any of the models it watches, so a person who just changed one sees the change at the next open.
A write made by another worker shows within `fresh_s`.

What is kept is read-only: plain values, or rows of a closed session whose columns callers read,
never change, and never lazy-load through.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

T = TypeVar("T")
_ALL: list = []  # KeptReads, and what forget_also adds


class KeptReads:
    def __init__(self, watched: tuple[type, ...], fresh_s: float = 5.0, most: int = 2000):
        # `most`: answers kept at once. Keys people type (a search) are many; past it, the stale
        # ones go, then all of them, so the memory stays bounded whatever is asked.
        self.watched, self.fresh_s, self.most = watched, fresh_s, most
        self._lock = threading.Lock()
        self._kept: dict[Hashable, tuple[float, int, object]] = {}
        self._generation = 0
        self._flag = f"kept_reads_wrote_{id(self)}"
        sa_event.listen(OrmSession, "after_flush", self._after_flush)
        # Again when that transaction ends: a commit, because another session may have kept the
        # old answer between this flush and the commit; a rollback, because a read in this
        # transaction may have kept what is now undone.
        sa_event.listen(OrmSession, "after_commit", self._after_end)
        sa_event.listen(OrmSession, "after_rollback", self._after_end)
        _ALL.append(self)

    def kept(self, db: OrmSession, key: tuple, build: Callable[[Session], T]) -> T:
        """`build(own)`'s answer for `key` in this database, at most `fresh_s` seconds old. `own`
        is a session of its own in `db`'s transaction (private_session): mapped rows it loads
        stay readable by everyone after `db` ends, even by a rollback."""
        bind = db.get_bind()  # an engine, or the connection of a private session (a kept read inside another)
        now, full = time.monotonic(), (str(bind.engine.url), *key)
        with self._lock:
            found, generation = self._kept.get(full), self._generation
        if found is not None and found[1] == generation and now - found[0] < self.fresh_s:
            return found[2]  # type: ignore[return-value]
        with private_session(db) as own:
            answer = build(own)
        with self._lock:
            if generation == self._generation:  # nothing was written while it was built
                if len(self._kept) >= self.most:
                    self._drop_stale(now)
                self._kept[full] = (now, generation, answer)
        return answer

    def _drop_stale(self, now: float) -> None:
        """Under the lock: the answers too old to give; all of them when every one is fresh."""
        self._kept = {k: v for k, v in self._kept.items() if now - v[0] < self.fresh_s}
        if len(self._kept) >= self.most:
            self._kept.clear()

    def forget(self) -> None:
        """Drop everything kept (a write that changes what these reads show)."""
        with self._lock:
            self._generation += 1
            self._kept.clear()

    def keys(self) -> list[Hashable]:
        with self._lock:
            return list(self._kept)

    def _after_flush(self, session: OrmSession, _context) -> None:
        if any(isinstance(obj, self.watched) for group in (session.new, session.dirty, session.deleted)
               for obj in group):
            session.info[self._flag] = True
            self.forget()

    def _after_end(self, session: OrmSession) -> None:
        if session.info.pop(self._flag, False):
            self.forget()


@contextmanager
def private_session(db: OrmSession) -> Iterator[Session]:
    """A session of its own on `db`'s connection, in `db`'s transaction, to build what is kept
    from mapped rows: once it closes, what it loaded belongs to no session, so a rollback of
    `db`'s transaction (which expires everything `db` loaded) never reaches what other people's
    pages are reading. Closing it leaves `db`'s transaction as it was."""
    if db.autoflush and (db.new or db.dirty or db.deleted):
        db.flush()  # what `db` changed and has not flushed yet: seen, as `db.exec` would see it
    own = Session(bind=db.connection(), expire_on_commit=False, autoflush=False)
    try:
        yield own
    finally:
        own.close()


def forget_also(cache) -> None:
    """`cache.forget()` at every `forget_all` too (core/rung_reads.py)."""
    _ALL.append(cache)


def forget_all() -> None:
    """Drop every kept read of this process (a database emptied behind the ORM's back: tests)."""
    for kept in _ALL:
        kept.forget()
