"""The banner every page shows while the database cannot be reached (core/outage.py).

It is in every page from the start (an app wrap, community_hub/app.py), hidden; the page's own
language picks its words like any label (`t`). assets/records_away.js shows it by marking the page
(`<html data-records-away>`) when `/ready` answers 503 or a handler found the database away, and
takes the mark off, without a reload, as soon as `/ready` answers again, pressing the hidden
button that has the page read its data again (state/shared/records_away.py).
assets/records_away.css shows the banner only under that mark."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from state.shared.records_away import RecordsAwayState

BANNER_ID = "hub-records-away"
BACK_ID = "hub-records-back"


def records_away_banner() -> rx.Component:
    # A fragment: an app wrap's next layer (the page itself) is added as its child, so the page
    # stands beside the banner, not inside it.
    return rx.fragment(rx.el.div(
        rx.el.p(t("We can't reach our records right now. Nothing you did was lost; we'll keep trying.")),
        # Pressed by the script when the database is back: the page reads its data again.
        rx.el.button(id=BACK_ID, on_click=RecordsAwayState.reopen, hidden=True, tab_index=-1,
                     aria_hidden="true"),
        id=BANNER_ID, role="status", aria_live="polite",
    ))
