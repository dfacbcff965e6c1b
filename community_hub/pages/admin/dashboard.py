"""Platform admin dashboard."""

import reflex as rx

from components.area_page import area_page
from components.common import page_header
from components.i18n import N_, t
from components.shells import admin_shell
from state.shared.dashboards import AdminHomeState
from state.shared.session import SessionState

STATS = [(N_("Members"), "members"), (N_("Awaiting code"), "pending"), (N_("Disabled"), "disabled"),
         (N_("Merchants"), "merchants"), (N_("Communities"), "communities"), (N_("Messages queued"), "outbox_pending"),
         (N_("Messages failed"), "outbox_failed")]


@area_page("/admin", "Admin · Community Hub", "admin", AdminHomeState.load)
def admin_dashboard() -> rx.Component:
    return admin_shell(
        page_header(t("Platform admin"), error=AdminHomeState.error),
        rx.cond(SessionState.admin_permissions.length() == 0,
                rx.callout(t("You hold no back-office role yet, so only this page opens for you. Ask a super admin "
                             "to give you one (finance, review, customer service or content)."),
                           icon="info", color_scheme="amber", id="no-sub-role")),
        rx.grid(
            *[rx.card(rx.vstack(rx.text(t(label), size="2", color_scheme="gray"), rx.heading(AdminHomeState.stats[key], size="7")))
              for label, key in STATS],
            columns=rx.breakpoints(initial="2", md="4"), spacing="3", width="100%", id="admin-stats",
        ),
    )
