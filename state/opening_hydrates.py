"""A link to a protected page is answered in one server event and one delta.

Reflex 0.10.1 answers a link with `on_load_internal`, which queues the page's on_load events and
then `set_is_hydrated(True)`, each processed as an event of its own: the state lock, the state
tree, a delta computed and sent (and `hydrate_and_load` does the same on connect). Every
protected page here has a single on_load event, `SessionState.open_page(route)`
(state/shared/page_opening.py), which marks the page hydrated itself when it ends (its
`finally`). So for such a page:
- `on_load_internal` runs the opening inside its own event instead of queueing it: the guard,
  the page's data and the hydrated flag reach the browser in one delta (a link was two server
  events and two deltas here, four of each in plain Reflex; docs/PROFILE.md, eleventh round).
  A newer link still supersedes it (Reflex's `supersedes=True` on that event).
- on connect, the opening is queued without the flip after it (one event fewer).
A page with other on_load events is answered as Reflex answers it.

Installed once, by importing `state` (state/__init__.py). Reflex is pinned (pyproject.toml):
`tests/state/test_opening_hydrates.py` fails if a replaced function changes in another
version, so an upgrade reviews this instead of silently dropping it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex.state as reflex_state
from reflex.state import OnLoadInternalState
from reflex_base.event import Event
from reflex_base.registry import RegistrationContext

_original = reflex_state._load_events_for_page
_LINK = OnLoadInternalState.event_handlers["on_load_internal"]
_original_link = _LINK.fn
# The function of SessionState.open_page and its state class, once they are defined.
_opening: list[Callable[..., Any]] = []
_opening_state: list[type] = []


def opening_hydrates(state_cls: type, fn: Callable[..., Any]) -> None:
    """`fn` (an event handler's function of `state_cls`) sets `is_hydrated` true itself when it ends."""
    _opening[:], _opening_state[:] = [fn], [state_cls]


def _the_opening(state: reflex_state.BaseState) -> Event | None:
    """The page's opening event, when it is the page's only on_load event."""
    load_events = RegistrationContext.get().app.get_load_events(state.rx_router_url.path)
    if not load_events or len(load_events) != 1 or not _opening:
        return None
    handler = getattr(load_events[0], "handler", load_events[0])
    if getattr(handler, "fn", None) is not _opening[0]:
        return None
    return Event.from_event_type(load_events)[0]


def _load_events_for_page(state: reflex_state.State) -> list | None:
    opening = _the_opening(state)
    if opening is None:
        return _original(state)
    state.is_hydrated = False
    return [opening]


async def on_load_internal(self: OnLoadInternalState):
    """`on_load_internal`, running a protected page's opening in this event (see the module)."""
    opening = _the_opening(self)
    if opening is None:
        yield _original_link(self)  # what Reflex returns: its events follow this event's delta
        return
    opener = await self.get_state(_opening_state[0])
    async for then in _opening[0](opener, **opening.payload):
        yield then


def install() -> None:
    reflex_state._load_events_for_page = _load_events_for_page
    # In place: the app's registry holds this same handler object. Reflex calls a handler's
    # function and looks at what it returns, so an async generator stands in for the plain one.
    on_load_internal.__qualname__ = _original_link.__qualname__  # the name events are sent by
    object.__setattr__(_LINK, "fn", on_load_internal)
    _LINK.__dict__.pop("_is_coroutine_function", None)  # cached from the old function: asked again
