"""@area_page: how a protected screen is declared. The area's guard runs first on every load (not
logged in: to the login page; logged in without the role: back to one's own home), then the
screen's own loads, all in one server event (state/shared/page_opening.py says why); one place
says so instead of every page's decorator."""

from __future__ import annotations

import reflex as rx

from components.tab_title import titled
from state.resident.urgent_notices import UrgentNoticeState
from state.shared import page_opening
from state.shared.session import SessionState


def area_page(route: str, title, area: str, *on_load, permission: str = "", banner: bool | None = None,
              **page_options):
    """`area`: who may open it ("resident", "merchant", "property", "admin", "member", ...), as
    SessionState's guard takes it; `permission`: on an admin page, the back-office permission it
    needs (core/permissions.AdminPermission; "" = any admin); `on_load`: the screen's own load
    handlers (`State.load`, or with literal arguments), run after the guard in the same event;
    `banner`: the page's shell shows the urgent banner (components/shells): its check runs as the
    opening's last load, where it used to be a mount event of its own on every link (a fifth of a
    link's cost in the load bench). Every area's shell shows it but the kiosk's; a public page says
    so itself (a shop: the resident shell, for residents only; tests/state/test_link_events.py
    holds this to what each page renders). `page_options`: rx.page's others. The tab's title reads
    in the page's language (components/tab_title)."""
    if banner if banner is not None else area not in ("kiosk", "public"):
        on_load = (*on_load, UrgentNoticeState.start(residents_only=area == "public"))
    page_opening.register(route, area, on_load, permission)

    def decorate(render):
        rx.page(route=route, title=title, on_load=SessionState.open_page(route), **page_options)(titled(render, title))
        return render
    return decorate
