"""Platform admin dashboard."""

import reflex as rx

from components.area_page import area_page
from components.common import page_header
from components.shells import admin_shell
from state.shared.dashboards import AdminHomeState

STATS = [("Members", "members"), ("Awaiting code", "pending"), ("Disabled", "disabled"), ("Merchants", "merchants"),
         ("Communities", "communities"), ("Messages queued", "outbox_pending"), ("Messages failed", "outbox_failed")]


@area_page("/admin", "Admin · Community Hub", "admin", AdminHomeState.load)
def admin_dashboard() -> rx.Component:
    return admin_shell(
        page_header("Platform admin", error=AdminHomeState.error),
        rx.grid(
            *[rx.card(rx.vstack(rx.text(label, size="2", color_scheme="gray"), rx.heading(AdminHomeState.stats[key], size="7")))
              for label, key in STATS],
            columns=rx.breakpoints(initial="2", md="4"), spacing="3", width="100%", id="admin-stats",
        ),
    )
