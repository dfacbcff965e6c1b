"""Actors kept between calls, per session and authorization epoch (core/authz_epoch.py).

Keyed by the token's hash, the session and user ids and the epoch read in the same query that
checks the session: a new epoch, a different database (tests reuse ids) or another session never
meets an old entry. Bounded, least recently used first out; one per process, shared by threads."""

from __future__ import annotations

from community_hub.core.bounded_cache import BoundedCache
from community_hub.core.permissions import Actor

MAX_ENTRIES = 20_000  # ~1 KB each: a few tens of MB at the most

_actors: BoundedCache[Actor] = BoundedCache(MAX_ENTRIES)


def get(key: tuple) -> Actor | None:
    return _actors.get(key)


def put(key: tuple, actor: Actor) -> None:
    _actors.put(key, actor)


def clear() -> None:
    _actors.clear()
