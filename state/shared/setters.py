"""The handler a typed field calls on every key press, declared in one line.

    set_note = text_setter("note", 1000)

is `@rx.event def set_note(self, value: str): self.note = str(value)[:1000]`: the state keeps at
most `limit` characters of whatever the socket sends (anyone can send anything; the service
still checks and names its own limit). It is an explicit handler for one var, not Reflex's
auto-setter for every var, and Reflex's `setvar` still reaches it by its name."""

from __future__ import annotations

import reflex as rx


def text_setter(var: str, limit: int):
    @rx.event  # declared here, so tests/state/test_boundary counts it as a handler on purpose
    def setter(self, value: str):
        setattr(self, var, str(value)[:limit])

    # Reflex names the event after the function: it must be the attribute's name.
    setter.__name__ = setter.__qualname__ = f"set_{var}"
    setter.__doc__ = f"What is typed in {var}, at most {limit} characters."
    return setter
