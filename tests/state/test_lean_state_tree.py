"""Each tab's state tree in memory mode: smaller than Reflex builds it, and behaving the same.

state/lean_state_tree.py replaces three Reflex 0.10.1 methods. These tests hold it to three things:
a tab's tree costs at most two thirds of Reflex's own (measured, both ways, in this process); the
values a tab reads and changes are exactly as before (defaults, changes, isolation between tabs,
reset); and the replaced methods are still the ones it was written against.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import inspect
import pickle
import tracemalloc

import pytest
from reflex.state import BaseState, State
from reflex_base.vars import base as vars_base

import community_hub.app  # noqa: F401  (every page, so every state class of the app exists)
from state import lean_state_tree as lean
from state.dirty_set import DirtySet
from state.resident.cart import ShopCartState

# sha256 of the source of each Reflex method lean_state_tree replaces, as in reflex 0.10.1. Another
# version changes them: read the new code, carry its changes into lean_state_tree, update these.
REFLEX_SOURCES = {
    "BaseState._init_bookkeeping": "81bdd0d31e80c802c22e11395d82a452c3cf76c5cff6497e91ba50693bdd16d8",
    "Field.__get__": "0bbcc884e9b3e0282d2b0105fe21ff2a948f7070fbb43a25379da03bd2f8955b",
    "Field._get_raw": "686f93d7944458e068ca50c2bfe22128d6a47c179eab2a6f6f8cdb2c2a999493",
}


def _digest(fn) -> str:
    return hashlib.sha256(inspect.getsource(fn).encode()).hexdigest()


def test_the_replaced_reflex_methods_are_the_ones_this_was_written_against():
    found = {
        "BaseState._init_bookkeeping": _digest(lean.REFLEX_INIT_BOOKKEEPING),
        "Field.__get__": _digest(lean.REFLEX_FIELD_GET),
        "Field._get_raw": _digest(lean.REFLEX_FIELD_GET_RAW),
    }
    assert found == REFLEX_SOURCES
    assert BaseState._init_bookkeeping is lean._init_bookkeeping  # installed by importing `state`
    assert vars_base.Field.__get__ is lean._field_get


def _tree_kb(hydrated: bool) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        trees = [State(_reflex_internal_init=True) for _ in range(5)]
        if hydrated:
            for tree in trees:
                tree.dict()  # what the hydrate sends: every var of every state read once
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    return sum(s.size_diff for s in after.compare_to(before, "filename")) / 5 / 1024


@pytest.fixture
def reflex_as_is():
    """Reflex's own three methods for the length of a test."""
    def put(init, get, get_raw):
        BaseState._init_bookkeeping = init
        vars_base.Field.__get__ = get
        vars_base.Field._get_raw = get_raw
    put(lean.REFLEX_INIT_BOOKKEEPING, lean.REFLEX_FIELD_GET, lean.REFLEX_FIELD_GET_RAW)
    try:
        yield
    finally:
        lean.install()


def test_a_tabs_tree_costs_at_most_two_thirds_of_what_reflex_builds(reflex_as_is):
    _tree_kb(hydrated=True)  # first reads import and cache what every later tab shares
    reflex_fresh, reflex_hydrated = _tree_kb(hydrated=False), _tree_kb(hydrated=True)
    lean.install()
    lean_fresh, lean_hydrated = _tree_kb(hydrated=False), _tree_kb(hydrated=True)
    print(f"a tab's state tree: fresh {reflex_fresh:.1f} -> {lean_fresh:.1f} KB, "
          f"hydrated {reflex_hydrated:.1f} -> {lean_hydrated:.1f} KB")
    assert lean_fresh <= reflex_fresh * 2 / 3
    assert lean_hydrated <= reflex_hydrated * 2 / 3


def _cart(tree: State) -> ShopCartState:
    return tree.get_substate(ShopCartState.get_full_name().split(".")[1:])


def test_tabs_read_defaults_change_their_own_values_and_reset_as_before():
    one, two = State(_reflex_internal_init=True), State(_reflex_internal_init=True)
    cart_one, cart_two = _cart(one), _cart(two)
    assert cart_one.loaded is False
    assert "loaded" not in vars(cart_one)  # an immutable default is read, not copied in
    assert isinstance(cart_one.dirty_vars, DirtySet) and cart_one.dirty_vars._names is None
    cart_one.loaded = True
    assert cart_one.loaded is True and cart_two.loaded is False
    assert "loaded" in cart_one.dirty_vars

    cart_one.carts.append("mine")  # a mutable default is each tab's own copy, changed in place
    assert cart_two.carts == [] and cart_one.carts == ["mine"] and "carts" in cart_one.dirty_vars

    sent = one.dict()[ShopCartState.get_full_name()]
    assert sent["loaded_rx_state_"] is True and sent["carts_rx_state_"] == ["mine"]
    cart_one.reset()
    assert cart_one.loaded is False and cart_one.carts == []


def test_a_dirty_set_answers_as_a_set_does():
    names = DirtySet()
    assert not names and len(names) == 0 and "a" not in names and list(names) == []
    assert names._names is None  # reading an empty one allocates nothing
    both = names & frozenset({"a"})
    both.add("kept")  # Reflex changes what `&` returns
    assert both == {"kept"} and names._names is None
    assert names.union({"b"}) == {"b"} and names == set()
    names.add("a")
    names |= {"b"}
    names.update(["c"])
    names.discard("c")
    assert names == {"a", "b"} and sorted(names) == ["a", "b"] and "a" in names
    assert names & {"a", "z"} == {"a"} and names - {"a"} == {"b"} and {"a"} <= names._view()
    assert copy.deepcopy(names) == {"a", "b"} and pickle.loads(pickle.dumps(names)) == {"a", "b"}
    names.clear()
    assert not names
