"""Where the `limits` library keeps its counts: Redis when the app runs several workers, else this
process's memory, through `QuietMemoryStorage`.

The library's own MemoryStorage starts a timer thread 10 ms after every hit that walks every key
it holds, trimming expired entries. With 500 residents acting in a minute that is a new thread and
a walk of 500 keys up to a hundred times a second, holding the interpreter's lock each time: 1.6 %
of a worker's samples in the load bench's paced run (docs/PROFILE.md, sixteenth round), and it
grows with the people online. The moving window needs no walk to be right: a hit looks only at its
own key's newest entries, and a fixed window's counter checks its own expiry when read. So the
walk here runs at most every SWEEP_SECONDS, only to give back the memory of keys nobody uses any
more (the library's walk leaves every key it emptied behind; this one drops them), and between
walks a key holds at most its limit's entries plus its hits since the last walk.
"""

from __future__ import annotations

import threading
import time
from functools import lru_cache

from limits.storage import Storage, storage_from_string
from limits.storage.memory import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from community_hub.core.config import settings

SWEEP_SECONDS = 30.0


class QuietMemoryStorage(MemoryStorage):
    """MemoryStorage whose expiry walk runs at most every SWEEP_SECONDS instead of 10 ms after
    each hit. It replaces the library's private `__schedule_expiry` (name-mangled, so looked up on
    the instance like any method); tests/unit/core/test_rate_storage.py fails if a new `limits`
    renames it."""

    def __init__(self, uri: str | None = None, **options: str) -> None:
        self._last_sweep = time.monotonic()
        super().__init__(uri, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802 - the library's mangled name
        now = time.monotonic()
        if now - self._last_sweep < SWEEP_SECONDS or self.timer.is_alive():
            return
        self._last_sweep = now
        self.timer = threading.Timer(0, self._sweep)
        self.timer.daemon = True  # a walk never keeps a stopping process alive
        self.timer.start()

    def _sweep(self) -> None:
        """The library's walk (it trims expired entries), then the keys it left empty: it keeps
        an empty list for every key ever hit, so a process up for weeks would hold every session
        that ever acted."""
        self._MemoryStorage__expire_events()
        for key in [k for k, entries in list(self.events.items()) if not entries]:
            with self.locks[key]:
                if not self.events.get(key):
                    self.events.pop(key, None)
            self.locks.pop(key, None)


def storage_for(uri: str) -> Storage:
    """The counts' storage for `uri`: "memory://" is this process's (quiet), anything else the
    library's (Redis, shared by the workers)."""
    return QuietMemoryStorage() if uri.startswith("memory://") else storage_from_string(uri)


@lru_cache(maxsize=4)
def _limiter(uri: str) -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(storage_for(uri))


def moving_window() -> MovingWindowRateLimiter:
    """The one moving-window limiter of this process: in Redis when the app runs with
    REFLEX_REDIS_URL (so a ceiling holds across workers), else in this process's memory. Each
    caller counts under keys of its own prefix."""
    return _limiter(settings().redis_url or "memory://")
