"""Admin: every message the platform sends, with delivery status."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t
from components.shells import admin_shell
from components.tables import paged_table
from state.admin.outbox import AdminOutboxState
from state.shared.back_office import AdminPermission
from state.shared.session import SessionState


def _row(m: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(m["when"]), rx.table.cell(m["channel"]), rx.table.cell(m["to"]),
        rx.table.cell(rx.vstack(rx.text(m["subject"], weight="bold", size="2"),
                                rx.text(m["body"], size="1", white_space="pre-line"), spacing="0")),
        rx.table.cell(m["status"]), rx.table.cell(m["attempts"]), rx.table.cell(m["error"]),
    )


@area_page("/admin/outbox", "Outbox · Community Hub", "admin", AdminOutboxState.load,
           permission=AdminPermission.CUSTOMER_SERVICE)
def admin_outbox() -> rx.Component:
    return admin_shell(
        page_header(t("Outbox"), rx.cond(SessionState.demo_mode, t("Demo mode: one-time codes are readable here."),
                                         t("One-time codes are hidden outside demo mode.")),
                    error=AdminOutboxState.error),
        rx.cond(
            AdminOutboxState.total == 0,
            empty_state("mail", t("No messages yet"), t("Codes, order updates and notices appear here as they are sent.")),
            paged_table((t("When"), t("Channel"), t("To"), t("Message"), t("Status"), t("Tries"), t("Last error")),
                        AdminOutboxState.rows, _row, AdminOutboxState, id="outbox-table"),
        ),
    )
