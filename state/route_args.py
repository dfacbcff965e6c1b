"""The page route's dynamic arguments, read without Reflex's change-tracking proxy.

Reflex 0.10.1 makes every dynamic segment of any route in the app (`order_id`, `slug`, ... 18 here)
a computed var of the root state, and recomputes all of them in the delta of every link (they
depend on the router's page). Each reads `self.rx_router_page` through a MutableProxy, which wraps
the page and then its params dict: 8 µs each, so about 150 µs of every link, 5 % of the worker's
CPU in the load bench's closed loop (docs/PROFILE.md, thirteenth round). Here each reads the raw
field instead (0.2 µs): a computed var only reads, so there is nothing for the proxy to track.
The values are the same (tests/state/test_route_args.py holds them to Reflex's own).

Installed once, by importing `state` (state/__init__.py), before the app adds its pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reflex.state import BaseState
from reflex_base.vars.base import DynamicRouteVar

REFLEX_SETUP_DYNAMIC_ARGS = BaseState.setup_dynamic_args.__func__  # type: ignore[attr-defined]


def _raw_arg(param: str, empty: Callable[[], Any], page_field: Any) -> Callable[[BaseState], Any]:
    def inner_func(self: BaseState) -> Any:
        return page_field._get_raw(self).params.get(param, empty())
    inner_func.__name__ = param
    inner_func._hub_raw = True  # type: ignore[attr-defined]
    return inner_func


def _setup_dynamic_args(cls: type[BaseState], args: dict[str, str]) -> None:
    """Reflex's own, then each new route argument's var reads the raw page."""
    REFLEX_SETUP_DYNAMIC_ARGS(cls, args)
    page_field = cls.get_fields()["rx_router_page"]
    for name, var in cls.computed_vars.items():
        if isinstance(var, DynamicRouteVar) and not getattr(var._fget, "_hub_raw", False):
            empty = list if var._var_type == list[str] else str
            object.__setattr__(var, "_fget", _raw_arg(name, empty, page_field))


def install() -> None:
    BaseState.setup_dynamic_args = classmethod(_setup_dynamic_args)  # type: ignore[method-assign,assignment]
