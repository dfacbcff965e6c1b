"""Answers about one person kept until the change bell rings one of their keys.

Some small reads run on every page a member opens and change only when that person's rows do:
the inbox's unread count on the header, the agreements they have accepted. Each one is a
statement per opening. A `RungReads` keeps each answer with the change bell's mark (core/
change_bell.py) taken when the transaction it was read in began, and gives it again until one of
its keys rings after that mark: a commit of this process notes its keys at once (core/
change_rings.py), another worker's by NOTIFY, another process on the same SQLite file by the
file beside it. A write the bell cannot hear (raw SQL, another program) shows within MAX_AGE,
as a live page's watcher reads at its fallback time.

The mark is the transaction's start, not the read's, because a read on SQLite sees the database
as it was when its transaction first read: a commit rung between that and the read must count.
What is kept is a plain value (a number, ids), never a mapped row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from community_hub.core import change_bell, kept_reads
from community_hub.core.bounded_cache import BoundedCache

T = TypeVar("T")
MAX_AGE = 60.0  # s: the longest an answer stands without a ring
_MARK = "rung_reads_mark"


@event.listens_for(OrmSession, "after_begin")
def _begun(session: OrmSession, _transaction, _connection) -> None:
    session.info[_MARK] = change_bell.mark()


class RungReads:
    def __init__(self, most: int = 20_000):
        self._kept: BoundedCache[tuple[int, float, object]] = BoundedCache(most)
        kept_reads.forget_also(self)

    def kept(self, db: OrmSession, key: tuple, keys: list[change_bell.Key], build: Callable[[], T]) -> T:
        """`build()`'s answer for `key` in `db`'s database, read again only when one of the change
        bell's `keys` rang since it was read, or MAX_AGE passed."""
        full: Hashable = (str(db.get_bind().url), *key)
        now = time.monotonic()
        hit = self._kept.get(full)
        if hit is not None and now - hit[1] < MAX_AGE and not change_bell.rang_since(keys, hit[0]):
            return hit[2]  # type: ignore[return-value]
        # The start of the transaction it is read in; or now, when none began yet (build begins it).
        mark = db.info.get(_MARK) if db.in_transaction() else None
        if mark is None:
            mark = change_bell.mark()
        answer = build()
        self._kept.put(full, (mark, now, answer))
        return answer

    def forget(self) -> None:
        self._kept.clear()
