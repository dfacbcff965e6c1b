"""What a protected page runs when it opens, in ONE server event.

A page used to list its area's guard and each of its states' `load` as separate on_load events.
Reflex runs each as an event of its own (the state lock, the state tree, a delta to compute and
send), and the load bench counted 3.5 socket events per link. `@area_page` now gives a page one
on_load event, `SessionState.open_page(route)`, and records here what that event runs: the area's
guard, then each load handler in the order the page lists them, each on its own state, in the same
event. A page's loads are looked up by the route it was declared with, never taken from the
caller: someone sending `open_page` with a forged route gets that page's own guard first.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex_base.event import EventHandler, EventSpec


@dataclass(frozen=True)
class Load:
    state: type[rx.State]
    handler: str
    kwargs: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Opening:
    area: str
    loads: tuple[Load, ...]
    permission: str = ""  # an admin page's back-office permission (AdminPermission), "" for none


_pages: dict[str, Opening] = {}


def _load_of(event: EventHandler | EventSpec) -> Load:
    """An on_load entry as the page wrote it: `State.load`, or `State.load("literal")`."""
    handler = event.handler if isinstance(event, EventSpec) else event
    kwargs: list[tuple[str, Any]] = []
    if isinstance(event, EventSpec):
        for name, value in event.args:
            if not hasattr(value, "_var_value"):
                raise TypeError(f"{handler.fn.__qualname__}: an on_load argument must be a literal")
            kwargs.append((str(name), value._var_value))
    state = handler.state
    if state is None:
        raise TypeError(f"{handler.fn.__qualname__} is not an event handler of a state")
    return Load(state, handler.fn.__name__, tuple(kwargs))


def register(route: str, area: str, on_load: tuple, permission: str = "") -> None:
    _pages[route] = Opening(area, tuple(_load_of(e) for e in on_load), permission)


def permission_of(route: str) -> str:
    """The back-office permission a page needs ("" for none): the admin menu shows only what opens."""
    page = _pages.get(route)
    return page.permission if page else ""


def opening(route: str) -> Opening | None:
    return _pages.get(route) if isinstance(route, str) else None


async def run_loads(root: rx.State, loads: tuple[Load, ...]) -> AsyncIterator[Any]:
    """Each load handler on its own state, as Reflex would run it: what it yields or returns (a
    watcher to start, a redirect) is passed on."""
    for load in loads:
        state = await root.get_state(load.state)
        out = load.state.event_handlers[load.handler].fn(state, **dict(load.kwargs))
        if inspect.isasyncgen(out):
            async for event in out:
                yield event
            continue
        if inspect.isawaitable(out):
            out = await out
        if out is not None:
            yield out
