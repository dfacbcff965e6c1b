"""Actors kept between calls, per session and authorization epoch (core/authz_epoch.py).

Keyed by the token's hash, the session and user ids and the epoch read in the same query that
checks the session: a new epoch, a different database (tests reuse ids) or another session never
meets an old entry. Bounded, least recently used first out; one per process, shared by threads."""

from __future__ import annotations

import threading
from collections import OrderedDict

from community_hub.core.permissions import Actor

MAX_ENTRIES = 20_000  # ~1 KB each: a few tens of MB at the most

_lock = threading.Lock()
_entries: OrderedDict[tuple, Actor] = OrderedDict()


def get(key: tuple) -> Actor | None:
    with _lock:
        actor = _entries.get(key)
        if actor is not None:
            _entries.move_to_end(key)
        return actor


def put(key: tuple, actor: Actor) -> None:
    with _lock:
        _entries[key] = actor
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def clear() -> None:
    with _lock:
        _entries.clear()
