"""A list or dict assigned again with the same contents is not sent again (state/equal_assignments.py);
everything else a handler changes still reaches the browser."""

from __future__ import annotations

import asyncio
import hashlib
import inspect

import reflex as rx
from reflex.state import State
from reflex_base.vars import base as vars_base

import community_hub.app  # noqa: F401  (every state class of the app exists)
from state import equal_assignments
from state.shared.session import SessionState
from tests.state import harness

# sha256 of reflex 0.10.1's `Field.__set__`, which equal_assignments wraps. Another version changes
# it: read the new code, check the wrapper still does what it says, update this.
REFLEX_FIELD_SET = "54c9c1f6907e9a0e00cf887fc4a13846aebf3091e665f74662faa249be5b86da"


def test_the_wrapped_reflex_method_is_the_one_this_was_written_against():
    assert hashlib.sha256(inspect.getsource(equal_assignments.REFLEX_FIELD_SET).encode()).hexdigest() == REFLEX_FIELD_SET
    assert vars_base.Field.__set__ is equal_assignments._field_set  # installed by importing `state`


class EqualProbeState(rx.State):
    """Test-only state (not under state/, so test_boundary leaves it alone)."""

    rows: list[dict[str, str]] = []
    card: dict[str, str] = {}
    count: int = 0
    _kept: list[str] = []

    def _fill(self):
        self.rows, self.card, self.count = [{"name": "Milk"}], {"shop": "Corner"}, 1


def _delta(state: EqualProbeState) -> dict:
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    delta = asyncio.run(root._get_resolved_delta())
    root._clean()
    return next((v for k, v in delta.items() if k.endswith("equal_probe_state")), {})


def _probe() -> EqualProbeState:
    tree = State(_reflex_internal_init=True)
    probe = tree.get_substate(EqualProbeState.get_full_name().split(".")[1:])
    probe._fill()
    _delta(probe)  # what the first opening sent
    return probe


def test_the_same_lists_read_again_are_not_sent_again():
    probe = _probe()
    probe.rows, probe.card = [{"name": "Milk"}], {"shop": "Corner"}  # a page opened again, nothing changed
    assert _delta(probe) == {}


def test_what_changed_is_sent():
    probe = _probe()
    probe.rows, probe.card = [{"name": "Bread"}], {"shop": "Corner"}
    assert set(_delta(probe)) == {"rows_rx_state_"}
    probe.count = 1  # scalars are always sent: the browser may have changed its own (is_hydrated)
    assert set(_delta(probe)) == {"count_rx_state_"}


def test_changes_in_place_are_sent():
    probe = _probe()
    probe.rows.append({"name": "Eggs"})  # through the state's proxy
    assert [r["name"] for r in _delta(probe)["rows_rx_state_"]] == ["Milk", "Eggs"]
    same = probe.__dict__["rows"]
    same.append({"name": "Tea"})  # behind the proxy's back, then the same object assigned again
    probe.rows = same
    assert [r["name"] for r in _delta(probe)["rows_rx_state_"]] == ["Milk", "Eggs", "Tea"]


def test_a_link_still_marks_the_page_hydrated(demo):
    """The browser sets is_hydrated false by itself on a link; the server's True must go out."""
    async def two_openings():
        async with harness.Server() as server:
            tab = await server.browser(demo.caller_token, path="/home")
            sent = []
            for _ in range(2):
                tab.received.clear()
                assert await tab.send(SessionState.event_handlers["open_page"], {"route": "/home"}) is None
                sent.append(any(u.delta.get(State.get_full_name(), {}).get("is_hydrated_rx_state_")
                                for u in tab.received if u.delta))
            return sent
    assert asyncio.run(two_openings()) == [True, True]
