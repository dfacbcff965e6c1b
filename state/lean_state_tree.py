"""What every tab's state tree costs in memory mode, made smaller in two places Reflex leaves fat.

Reflex 0.10.1 keeps one whole state tree per tab in memory mode: all 151 of this app's state
classes, built when the tab connects, whether it ever opens their pages or not. Measured with
`tracemalloc` on `State()` and `.dict()` (what the hydrate sends), per tab:

1. **Two empty sets per state.** Each instance gets a `set()` for the vars and one for the
   substates changed by the event being processed: 216 bytes each, 64 KB of every tab, empty in
   the states the tab never touches. They are `DirtySet`s here (40 bytes until the first name is
   added). Reflex puts plain sets back when it cleans a state after an event
   (`delta.clean_state`), so the states a tab uses run on real sets and only the untouched ones
   stay lean. Fresh tree 119.2 -> 67.3 KB.
2. **Defaults copied into every instance.** Reading a field that was never set stores its default
   in the instance's `__dict__`, so the hydrate grows 151 dicts with every var's default. For an
   immutable default (a string, a number, None, a tuple) the stored value is the class's own
   object: storing it changes nothing but the dict's size. Here such a read answers the default
   without storing it; mutable defaults (lists, dicts) are still copied per instance on first read,
   as Reflex does, because the tab may change them in place.

Installed once, by importing `state` (state/__init__.py), before any state is built. Reflex is
pinned (pyproject.toml): `tests/state/test_lean_state_tree.py` fails if either replaced method
changes in another version, so an upgrade reviews this instead of silently dropping it.
"""

from __future__ import annotations

from typing import Any

from reflex.state import BaseState
from reflex_base.vars import base as vars_base

from state.dirty_set import DirtySet

REFLEX_INIT_BOOKKEEPING = BaseState._init_bookkeeping
REFLEX_FIELD_GET = vars_base.Field.__get__
REFLEX_FIELD_GET_RAW = vars_base.Field._get_raw

_MISSING = vars_base.MISSING
_SCALAR_TYPES = vars_base._SCALAR_TYPES
_owner_state = vars_base._owner_state
_is_mutable_type = vars_base.is_mutable_type


def _init_bookkeeping(self: BaseState, parent_state: BaseState | None = None) -> None:
    """Reflex's `BaseState._init_bookkeeping`, with the two sets lean."""
    setattr_ = object.__setattr__
    setattr_(self, "parent_state", parent_state)
    setattr_(self, "substates", {})
    setattr_(self, "dirty_vars", DirtySet())
    setattr_(self, "dirty_substates", DirtySet())
    setattr_(self, "_was_touched", False)


def _unset_value(field: Any, state: Any) -> Any:
    """A field never set on this instance: its immutable default as is, or a mutable one copied
    and stored (the tab may change it in place)."""
    if field.default is not _MISSING:
        return field.default
    value = state.__dict__[field._name] = field.default_value()
    return value


def _field_get(self: Any, instance: Any, owner: Any) -> Any:
    """Reflex's `Field.__get__`, except that an unset immutable default is not stored."""
    if instance is None:
        return self if self._var is None else self._var
    state = instance if type(instance) is self._owner else _owner_state(instance, self._owner)
    try:
        value = state.__dict__[self._name]
    except KeyError:
        value = _unset_value(self, state)
    if (
        (value_type := type(value)) not in _SCALAR_TYPES
        and self._tracked
        and self.is_var
        and _is_mutable_type(value_type)
    ):
        return self._proxy(wrapped=value, state=state, field_name=self._name)
    return value


def _field_get_raw(self: Any, instance: Any) -> Any:
    """Reflex's `Field._get_raw`, except that an unset immutable default is not stored."""
    state = instance if type(instance) is self._owner else _owner_state(instance, self._owner)
    try:
        return state.__dict__[self._name]
    except KeyError:
        return _unset_value(self, state)


def install() -> None:
    BaseState._init_bookkeeping = _init_bookkeeping  # type: ignore[method-assign]
    vars_base.Field.__get__ = _field_get  # type: ignore[method-assign]
    vars_base.Field._get_raw = _field_get_raw  # type: ignore[method-assign]
