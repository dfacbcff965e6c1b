"""Which page each browser tab is on, counted per process: every protected page's first load
event (`SessionState.guard`) counts a visit for its tab. A live watcher remembers the visit it was
started in and stops as soon as the tab has moved on, without taking the tab's state lock to find
out: the load bench found that lock, taken by every watcher on every poll, was what made
navigations wait (and, with Redis, stall for the lock's whole timeout). A tab's socket, its events
and the background tasks they start all live on one worker, so a per-process count is enough."""

from __future__ import annotations

import threading
from collections import OrderedDict

MAX_TABS = 200_000  # one small int per tab seen lately; the oldest are forgotten first

_lock = threading.Lock()
_visits: OrderedDict[str, int] = OrderedDict()


def visited(tab: str) -> int:
    """The tab opened (or reloaded) a page: its new visit number."""
    with _lock:
        n = _visits.pop(tab, 0) + 1
        _visits[tab] = n
        while len(_visits) > MAX_TABS:
            _visits.popitem(last=False)
        return n


def current(tab: str) -> int:
    with _lock:
        return _visits.get(tab, 0)
