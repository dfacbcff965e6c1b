"""A poller that follows a browser tab across pages instead of one per page.

The resident shell (the urgent-notice banner, the inbox count) is drawn again by every resident
page, and its mount event used to read the database and start a new poller on every link: the
load bench put that at one service call in four. A tab needs one such poller while it is open.
The poller beats here (per process: a tab's socket, its events and the background tasks they
start all live on one worker); the mount finds it beating and leaves it, a new process or a tab
whose poller ended finds no beat and starts one. A poller ends when its tab's socket has been
gone for two polls: a closed tab never says so."""

from __future__ import annotations

import time

from community_hub.core.bounded_cache import BoundedCache

MAX_TABS = 200_000

_beats: BoundedCache[float] = BoundedCache(MAX_TABS)


def beat(tab: str) -> None:
    _beats.put(tab, time.monotonic())


def beating(tab: str, within: float) -> bool:
    """A poller of this tab beat in the last `within` seconds."""
    last = _beats.get(tab)
    return last is not None and time.monotonic() - last < within


def stopped(tab: str) -> None:
    _beats.put(tab, 0.0)


def connected(tab: str) -> bool:
    """The tab's socket is open on this worker (True where there is no socket server to ask)."""
    try:
        from reflex_base.registry import RegistrationContext

        namespace = RegistrationContext.get().app.event_namespace
    except Exception:  # noqa: BLE001 - no app registered (a test's processor): nothing to ask
        return True
    if namespace is None:
        return True
    # Reflex's `token_to_sid` copies the whole socket table into a new dict on every read: with 500
    # tabs open, 1.6 % of the worker in the paced bench, every watcher's wake asking once
    # (docs/PROFILE.md, sixteenth round). The table it copies answers the same question in place.
    sockets = getattr(getattr(namespace, "_token_manager", None), "token_to_socket", None)
    return tab in (sockets if isinstance(sockets, dict) else namespace.token_to_sid)
