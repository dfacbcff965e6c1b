"""The in-process counts of the rate limits (community_hub/core/rate_storage.py): the same moving
window as the library's memory storage, without a thread walking every key after every hit."""

from __future__ import annotations

import threading
import time

from limits import RateLimitItemPerSecond
from limits.storage.memory import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from community_hub.core import rate_storage
from community_hub.core.rate_storage import QuietMemoryStorage, storage_for


def _timers() -> int:
    return sum(1 for t in threading.enumerate() if isinstance(t, threading.Timer))


def test_the_library_still_has_the_method_replaced():
    # A `limits` that renames its private expiry scheduler would silently bring the walks back.
    assert callable(getattr(MemoryStorage, "_MemoryStorage__schedule_expiry", None))
    assert callable(getattr(MemoryStorage, "_MemoryStorage__expire_events", None))


def test_memory_uri_gets_the_quiet_storage():
    assert isinstance(storage_for("memory://"), QuietMemoryStorage)


def test_many_people_hitting_start_no_walks_and_each_keeps_its_own_window():
    limiter = MovingWindowRateLimiter(QuietMemoryStorage())
    three = RateLimitItemPerSecond(3)
    time.sleep(0.05)  # the storage's first timer (10 ms after it is made) has run
    before = _timers()
    for who in range(500):
        for _ in range(3):
            assert limiter.hit(three, f"person-{who}")
    assert _timers() == before  # the library's storage would have started a thread 10 ms after these
    assert not limiter.hit(three, "person-7")  # the fourth in the second is refused
    assert limiter.hit(three, "person-new")  # someone else is not
    time.sleep(1.05)
    assert limiter.hit(three, "person-7")  # the window moved on: allowed again


def test_a_sweep_gives_back_keys_nobody_uses(monkeypatch):
    monkeypatch.setattr(rate_storage, "SWEEP_SECONDS", 0.0)
    storage = QuietMemoryStorage()
    limiter = MovingWindowRateLimiter(storage)
    one = RateLimitItemPerSecond(1)
    for who in range(50):
        limiter.hit(one, f"gone-{who}")
    time.sleep(1.1)
    limiter.hit(one, "still-here")  # a hit after SWEEP_SECONDS starts the walk
    storage.timer.join(5)
    assert len(storage.events) == 1
