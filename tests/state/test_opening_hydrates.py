"""A link to a protected page: the page's one opening event also marks it hydrated
(state/opening_hydrates.py), so the page's data and the flag reach the browser in one delta,
where Reflex queued `set_is_hydrated` as an event (and a delta) of its own. A page whose on_load
is anything else is answered as Reflex answers it."""

from __future__ import annotations

import asyncio
import hashlib
import inspect

import pytest
import reflex.state as reflex_state
from reflex.state import OnLoadInternalState, State

import community_hub.app as hub
from state import opening_hydrates
from state.resident.cart import ShopCartState
from state.shared.session import SessionState
from tests.state import harness

# sha256 of reflex 0.10.1's `_load_events_for_page`, which opening_hydrates wraps. Another version
# changes it: read the new code, carry its changes into opening_hydrates, update this.
REFLEX_SOURCE = "19981949c9b5e431473e470f5136bdd0003ab00c2da65e093765fc38492dd98b"
LINK = OnLoadInternalState.event_handlers["on_load_internal"]
ROOT, CART, SESSION = State.get_full_name(), ShopCartState.get_full_name(), SessionState.get_full_name()
HYDRATED = "is_hydrated_rx_state_"


def test_the_wrapped_reflex_function_is_the_one_this_was_written_against():
    assert hashlib.sha256(inspect.getsource(opening_hydrates._original).encode()).hexdigest() == REFLEX_SOURCE
    assert reflex_state._load_events_for_page is opening_hydrates._load_events_for_page  # installed by `state`


@pytest.fixture(autouse=True)
def _routes():
    """The pages' routes and on_load events, as the app registers them when it starts (the
    state suite's other tests send handlers directly and need no router)."""
    if not hub.app._load_events:
        hub.app._apply_decorated_pages()


def _link(token: str, path: str):
    async def run():
        async with harness.Server() as server:
            tab = await server.browser(token, path=path)
            error = await tab.send(LINK, {})
            async with tab.root() as root:
                return error, root.is_hydrated, [u.delta for u in tab.received if u.delta]
    return asyncio.run(run())


def test_a_link_brings_the_pages_data_and_the_hydrated_flag_in_one_delta(demo):
    error, hydrated, deltas = _link(demo.caller_token, "/cart")
    assert error is None and hydrated
    assert [d[ROOT][HYDRATED] for d in deltas if HYDRATED in d.get(ROOT, {})] == [False, True]
    ready = next(d for d in deltas if d.get(ROOT, {}).get(HYDRATED) is True)
    assert ready.get(CART, {}).get("loaded_rx_state_") is True, "the cart's data came in a delta of its own"
    assert ready is deltas[-1] and len(deltas) == 2  # the link's flip to False, then the page


def test_a_stranger_is_still_sent_to_log_in_and_the_page_still_hydrates(demo):
    error, hydrated, deltas = _link("", "/cart")
    assert error is None and hydrated
    assert [d[ROOT][HYDRATED] for d in deltas if HYDRATED in d.get(ROOT, {})] == [False, True]


def test_a_page_with_other_on_load_events_is_answered_as_reflex_answers_it(demo):
    """The front page's on_load is another event (go home if logged in): Reflex's own flip is
    queued after it; a protected page queues its opening alone."""
    async def queued(path: str) -> list[str]:
        async with harness.Server() as server:
            tab = await server.browser("", path=path)
            async with tab.root() as root:
                return [e.name.rsplit(".", 1)[-1] if hasattr(e, "name") else e.handler.fn.__name__
                        for e in reflex_state._load_events_for_page(root)]
    assert asyncio.run(queued("/")) == ["go_home_if_logged_in", "set_is_hydrated"]
    assert asyncio.run(queued("/cart")) == ["open_page"]
