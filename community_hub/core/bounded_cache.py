"""A small thread-safe map that forgets its least recently used entries past a size: what a
process keeps per session or per tab (accounts/actor_cache.py, state/shared/tab_visits.py)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    def __init__(self, max_entries: int):
        self._max = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable, default: V | None = None) -> V | None:
        with self._lock:
            if key not in self._entries:
                return default
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._store(key, value)

    def update(self, key: Hashable, change: Callable[[V | None], V]) -> V:
        """Set the entry to `change(old)` atomically (old is None when absent); the new value."""
        with self._lock:
            value = change(self._entries.get(key))
            self._store(key, value)
            return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _store(self, key: Hashable, value: V) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)
