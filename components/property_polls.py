"""Poll results: a bar per option."""

from __future__ import annotations

import reflex as rx


def percent_bar(percent) -> rx.Component:
    """A thin bar filled to `percent` (a string such as "40"); Radix progress wants a number."""
    return rx.box(rx.box(width=percent + "%", height="100%", background=rx.color("teal", 9), border_radius="3px"),
                  width="100%", height="6px", background=rx.color("gray", 4), border_radius="3px")
