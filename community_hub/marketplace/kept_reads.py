"""Reads every resident of a community shares, kept a few seconds in this process.

The business circle (which shops are within the walk) and the home feed are the same for every
resident of a community, and the home and search pages read them on every open: the load bench
showed them among the largest reads of the resident mix. Each is kept FRESH_S seconds per key
(the database's address is part of every key, so two databases in one process never share), and
all are dropped at once when this process writes anything they are built from (a product, a shop,
a home list or its items, a promotion, a community), so a person who just changed one sees the
change at the next open. A write made by another worker shows within FRESH_S; so does a sale that
takes the last item (a guarded stock update, which the listener does not see), and checkout
refuses the item anyway.

What is kept is read-only: rows of a closed session whose columns callers read, never change,
and never lazy-load through.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession

from community_hub.models import Community, Merchant, Product
from community_hub.models.promotions import HomeList, HomeListItem, Promotion

T = TypeVar("T")
FRESH_S = 5.0
_WATCHED = (Product, Merchant, HomeList, HomeListItem, Promotion, Community)

_lock = threading.Lock()
_kept: dict[Hashable, tuple[float, int, object]] = {}
_generation = 0


def kept(db: OrmSession, key: tuple, build: Callable[[], T]) -> T:
    """`build()`'s answer for `key` in this database, at most FRESH_S seconds old."""
    now, full = time.monotonic(), (str(db.get_bind().url), *key)
    with _lock:
        found, generation = _kept.get(full), _generation
    if found is not None and found[1] == generation and now - found[0] < FRESH_S:
        return found[2]  # type: ignore[return-value]
    answer = build()
    with _lock:
        if generation == _generation:  # nothing was written while it was built
            _kept[full] = (now, generation, answer)
    return answer


def forget() -> None:
    """Drop everything kept (a write that changes what these reads show)."""
    global _generation
    with _lock:
        _generation += 1
        _kept.clear()


def keys() -> list[Hashable]:
    with _lock:
        return list(_kept)


def _after_flush(session: OrmSession, _context) -> None:
    if any(isinstance(obj, _WATCHED) for group in (session.new, session.dirty, session.deleted) for obj in group):
        forget()


sa_event.listen(OrmSession, "after_flush", _after_flush)
