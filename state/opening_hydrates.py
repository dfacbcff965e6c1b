"""A protected page's opening flips `is_hydrated` itself: one server event fewer per link.

Reflex 0.10.1 answers a link (`on_load_internal`, and `hydrate_and_load` on connect) with the
page's on_load events followed by `set_is_hydrated(True)`, each processed as an event of its own:
the state lock, the state tree, a delta computed and sent. Every protected page here has a single
on_load event, `SessionState.open_page(route)` (state/shared/page_opening.py), so the flip is
done at the end of that event instead (`SessionState.open_page`'s `finally`), and a link costs
three server events and three deltas where it cost four of each (docs/PROFILE.md, tenth round).
A page with other on_load events is answered as Reflex answers it.

Installed once, by importing `state` (state/__init__.py). Reflex is pinned (pyproject.toml):
`tests/state/test_opening_hydrates.py` fails if the replaced function changes in another
version, so an upgrade reviews this instead of silently dropping it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex.state as reflex_state
from reflex_base.event import Event
from reflex_base.registry import RegistrationContext

_original = reflex_state._load_events_for_page
_opening: list[Callable[..., Any]] = []  # the function of SessionState.open_page, once it is defined


def opening_hydrates(fn: Callable[..., Any]) -> None:
    """`fn` (an event handler's function) sets `is_hydrated` true itself when it ends."""
    _opening[:] = [fn]


def _only_the_opening(load_events: list) -> bool:
    if len(load_events) != 1 or not _opening:
        return False
    handler = getattr(load_events[0], "handler", load_events[0])
    return getattr(handler, "fn", None) is _opening[0]


def _load_events_for_page(state: reflex_state.State) -> list | None:
    load_events = RegistrationContext.get().app.get_load_events(state.rx_router_url.path)
    if not load_events or not _only_the_opening(load_events):
        return _original(state)
    state.is_hydrated = False
    return list(Event.from_event_type(load_events))


def install() -> None:
    reflex_state._load_events_for_page = _load_events_for_page
