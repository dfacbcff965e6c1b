"""After the database was away: the open page reads its data again, without a reload.

The banner (components/records_away.py) carries a hidden button bound to `reopen`; when `/ready`
answers again after an outage, assets/records_away.js presses it. `reopen` runs the page's own
opening again (the area's guard, then its loads: `SessionState.open_page` with the route the page
was declared with, state/shared/page_opening.py), so a list that failed to load, or changed
meanwhile, shows what is there now. A page not opened that way (the log-in page) has nothing to
read again."""

from __future__ import annotations

import re
from functools import lru_cache

import reflex as rx

from state.shared import page_opening, router_raw
from state.shared.session import SessionState


@lru_cache(maxsize=512)
def _pattern(route: str) -> re.Pattern:
    parts = [("[^/]+" if p.startswith("[") and p.endswith("]") else re.escape(p))
             for p in route.strip("/").split("/")]
    return re.compile("/" + "/".join(parts) + "/?")


def route_of(path: str) -> str | None:
    """The declared route ("/shop/[slug]") a path ("/shop/corner-grocer") is a page of."""
    path = path.split("?", 1)[0] or "/"
    if page_opening.opening(path) is not None:
        return path
    # page_opening keeps the declared routes; literal segments win over [params] ("/shop/new").
    for route in sorted(page_opening._pages, key=lambda r: r.count("[")):
        if _pattern(route).fullmatch(path):
            return route
    return None


class RecordsAwayState(rx.State):
    @rx.event
    def reopen(self):
        """The database is back: the page's opening, again."""
        route = route_of(router_raw.url(self).path)
        return SessionState.open_page(route) if route else None
