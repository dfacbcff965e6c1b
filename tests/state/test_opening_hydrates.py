"""A link to a protected page is one server event and one delta (state/opening_hydrates.py):
`on_load_internal` runs the page's opening itself, and the opening marks the page hydrated, so
the page's data and the flag reach the browser together. Plain Reflex queued the opening and then
`set_is_hydrated` as events of their own, each with its delta. A page whose on_load is anything
else is answered as Reflex answers it."""

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

# sha256 of reflex 0.10.1's `_load_events_for_page` and `on_load_internal`, which opening_hydrates
# replaces. Another version changes them: read the new code, carry its changes over, update these.
REFLEX_SOURCE = "19981949c9b5e431473e470f5136bdd0003ab00c2da65e093765fc38492dd98b"
REFLEX_LINK_SOURCE = "d39b4f99fc1d5635e00ff424bd74af023f0c6de83db76178c86c0ef0dff1dcd7"
LINK = OnLoadInternalState.event_handlers["on_load_internal"]
ROOT, CART, SESSION = State.get_full_name(), ShopCartState.get_full_name(), SessionState.get_full_name()
HYDRATED = "is_hydrated_rx_state_"


def test_the_wrapped_reflex_function_is_the_one_this_was_written_against():
    assert hashlib.sha256(inspect.getsource(opening_hydrates._original).encode()).hexdigest() == REFLEX_SOURCE
    assert hashlib.sha256(inspect.getsource(opening_hydrates._original_link).encode()).hexdigest() == REFLEX_LINK_SOURCE
    assert reflex_state._load_events_for_page is opening_hydrates._load_events_for_page  # installed by `state`
    assert LINK.fn is opening_hydrates.on_load_internal


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
    # The browser set the flag to False itself when the link was followed: the page, then True.
    assert len(deltas) == 1, "the page came in more than one delta"
    assert deltas[0][ROOT][HYDRATED] is True
    assert deltas[0].get(CART, {}).get("loaded_rx_state_") is True


def test_a_stranger_is_still_sent_to_log_in_and_the_page_still_hydrates(demo):
    async def run():
        async with harness.Server() as server:
            tab = await server.browser("", path="/cart")
            error = await tab.send(LINK, {})
            async with tab.root() as root:
                return error, root.is_hydrated, tab.received
    error, hydrated, received = asyncio.run(run())
    assert error is None and hydrated
    assert [u.delta[ROOT][HYDRATED] for u in received if HYDRATED in u.delta.get(ROOT, {})] == [True]
    assert any("/login?next=/cart" in str(e) for u in received for e in u.events), "not sent to log in"


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
