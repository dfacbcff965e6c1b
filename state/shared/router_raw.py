"""The tab's router data read straight from the root state's fields, for the hot paths.

`self.router` in Reflex 0.10.1 assembles a RouterData from five fields on every access, each
wrapped in a change-tracking proxy on the way: 11-17 µs, and a link reads it a dozen times (the
tab's token for its visit and its watchers, the path for the flash message): 3 % of the worker's
CPU in the load bench's closed loop (docs/PROFILE.md, thirteenth round). These read the same
values without the proxies (0.4 µs). Only reads: the router is never changed through them. A
background task's state proxy goes the usual way."""

from __future__ import annotations

from typing import Any

from reflex.istate.data import ReflexURL
from reflex.state import BaseState, State

_SESSION = State.get_fields()["rx_router_session"]
_URL = State.get_fields()["rx_router_url"]


def _plain(state: Any) -> bool:
    return issubclass(type(state), BaseState)  # not a background task's StateProxy


def tab_token(state: Any) -> str:
    """`state.router.session.client_token`: the browser tab's own token."""
    return _SESSION._get_raw(state).client_token if _plain(state) else state.router.session.client_token


def client_ip(state: Any) -> str:
    return _SESSION._get_raw(state).client_ip if _plain(state) else state.router.session.client_ip


def url(state: Any) -> ReflexURL:
    """`state.router.url`: the page's address as the browser has it."""
    return _URL._get_raw(state).href if _plain(state) else state.router.url
