"""@area_page: how a protected screen is declared. The area's guard runs first on every load (not
logged in: to the login page; logged in without the role: back to one's own home), then the
screen's own loads; one place says so instead of every page's decorator."""

from __future__ import annotations

import reflex as rx

from state.shared.session import SessionState


def area_page(route: str, title: str, area: str, *on_load):
    """`area`: who may open it ("resident", "merchant", "property", "admin", "member", ...), as
    SessionState.guard takes it; `on_load`: the screen's own load events, run after the guard."""
    return rx.page(route=route, title=title, on_load=[SessionState.guard(area), *on_load])
