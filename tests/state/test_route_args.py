"""The route's dynamic arguments (state/route_args.py) read the raw page: the same values as
Reflex's own, for every argument of every page, and Reflex's method is the one it was written
against."""

from __future__ import annotations

import hashlib
import inspect

from reflex.istate.data import PageData
from reflex.state import State
from reflex_base.constants import RouteArgType
from reflex_base.vars.base import DynamicRouteVar

import community_hub.app as hub
from state import route_args

# sha256 of reflex 0.10.1's BaseState.setup_dynamic_args: another version may build these vars
# differently; read it, carry its changes into route_args, update this.
REFLEX_SOURCE = "f03c01e07bb44465a868a886d2585c76ecb75f2b8c65e2d409ff27a77e0cbb7a"


def _args() -> dict[str, DynamicRouteVar]:
    if not hub.app._load_events:  # the pages' routes, as the app registers them when it starts
        hub.app._apply_decorated_pages()
    return {n: v for n, v in State.computed_vars.items() if isinstance(v, DynamicRouteVar)}


def _state_on(params: dict) -> State:
    state = State(_reflex_internal_init=True)
    state.rx_router_page = PageData(path="/x", raw_path="/x", params=params)
    return state


def test_every_route_argument_reads_the_raw_page():
    args = _args()
    assert "order_id" in args and "slug" in args, sorted(args)
    assert all(getattr(v._fget, "_hub_raw", False) for v in args.values()), "an argument still reads through the proxy"


def test_the_values_are_reflexs_own():
    """What Reflex's own function returns (`self.rx_router_page.params.get(param, "" or [])`), for
    a page that has the argument, one that has another, and none."""
    args = _args()
    pages = [{name: f"v-{name}" for name in args}, {"slug": "corner-grocer"}, {}]
    for params in pages:
        state = _state_on(params)
        for name, var in args.items():
            empty = [] if State._dynamic_route_arg_types()[name] == RouteArgType.LIST else ""
            assert var._fget(state) == state.rx_router_page.params.get(name, empty), (name, params)


def test_the_replaced_reflex_method_is_the_one_this_was_written_against():
    source = inspect.getsource(route_args.REFLEX_SETUP_DYNAMIC_ARGS)
    assert hashlib.sha256(source.encode()).hexdigest() == REFLEX_SOURCE
