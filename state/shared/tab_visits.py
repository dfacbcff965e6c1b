"""Which page each browser tab is on, counted per process: every protected page's first load
event (`SessionState.open_page`) counts a visit for its tab. A live watcher remembers the visit it was
started in and stops as soon as the tab has moved on, without taking the tab's state lock to find
out: the load bench found that lock, taken by every watcher on every poll, was what made
navigations wait (and, with Redis, stall for the lock's whole timeout). A tab's socket, its events
and the background tasks they start all live on one worker, so a per-process count is enough."""

from __future__ import annotations

from community_hub.core import change_bell
from community_hub.core.bounded_cache import BoundedCache

MAX_TABS = 200_000  # one small int per tab seen lately; the oldest are forgotten first

_visits: BoundedCache[int] = BoundedCache(MAX_TABS)


def visited(tab: str) -> int:
    """The tab opened (or reloaded) a page: its new visit number. A watcher waiting on the change
    bell for its page (`left_key`) wakes and stops."""
    n = _visits.update(tab, lambda n: (n or 0) + 1)
    change_bell.ring([left_key(tab)])
    return n


def left_key(tab: str) -> change_bell.Key:
    """What a live page's watcher waits on beside its data: the tab opening another page."""
    return change_bell.key("tab_visit", "tab", tab)


def current(tab: str) -> int:
    return _visits.get(tab, 0)
