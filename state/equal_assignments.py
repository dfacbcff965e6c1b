"""A list or dict assigned again with the same contents is not sent to the browser again.

Reflex 0.10.1 marks a var dirty on every assignment, equal or not, and the event's delta carries
every dirty var to the browser. A page opened again reads its data again and assigns it again:
in the load bench's round, 211 of the 252 vars the deltas carried (9 of 18 KB) were values the
tab already had, the home page's 6.4 KB of cards and lists above all (docs/PROFILE.md, sixteenth
round). Each costs the worker its delta, its JSON and its bytes, and the browser a render.

So `Field.__set__` here keeps Reflex's own steps but does not mark the var dirty when a list or
dict is replaced by another object that compares equal (`==`, the same type). Only those two
kinds, on purpose:
- a scalar may differ between the server and the browser without an event: the browser sets
  `is_hydrated` false on a link by itself, and the server's True must still go out after it;
- the same object assigned again may have been changed in place: it is sent, as before;
- changes made through the state's proxy (`self.rows.append(...)`) mark the var themselves.
Backend-only vars are left alone (they are never sent).

Installed once, by importing `state` (state/__init__.py). Reflex is pinned (pyproject.toml):
`tests/state/test_equal_assignments.py` fails if `Field.__set__` changes in another version.
"""

from __future__ import annotations

from typing import Any

from reflex_base.vars import base as vars_base

REFLEX_FIELD_SET = vars_base.Field.__set__
_CONTAINERS = (list, dict)


def _field_set(self: Any, instance: Any, value: Any) -> None:
    if self._tracked and not self._backend:
        raw = value.__wrapped__ if isinstance(value, self._proxy) else value
        if type(raw) in _CONTAINERS:
            state = instance if type(instance) is self._owner else vars_base._owner_state(instance, self._owner)
            old = state.__dict__.get(self._name, vars_base.MISSING)
            if old is not raw and type(old) is type(raw) and old == raw:
                state.__dict__[self._name] = raw  # what a later in-place change reaches, as before
                return
    REFLEX_FIELD_SET(self, instance, value)


def install() -> None:
    vars_base.Field.__set__ = _field_set
