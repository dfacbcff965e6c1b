"""Admin: health — the ledger check and the notification outbox."""

import reflex as rx

from components.area_page import area_page
from components.common import page_header
from components.i18n import t, tf
from components.shells import admin_shell
from components.tables import cells, table_or_empty
from state.admin.health import AdminHealthState as St
from state.shared.back_office import AdminPermission


@area_page("/admin/health", "Health · Admin · Community Hub", "admin", St.load,
           permission=AdminPermission.SUPER)
def admin_health() -> rx.Component:
    return admin_shell(
        page_header(t("Health"), error=St.error),
        rx.cond(St.checked, rx.vstack(
            rx.callout(rx.cond(St.ledger_ok, t("The ledger balances: every currency sums to zero and every account "
                                               "balance equals its postings."), t("The ledger check found problems.")),
                       icon=rx.cond(St.ledger_ok, "check", "triangle_alert"),
                       color_scheme=rx.cond(St.ledger_ok, "green", "red"), id="ledger-status", width="100%"),
            rx.text(St.counts, size="2", color_scheme="gray"),
            rx.foreach(St.problems, lambda p: rx.text(p, color_scheme="red", size="2")),
            rx.hstack(rx.foreach(St.sums, lambda s: rx.badge(tf("{currency} sums to {sum}", currency=s["currency"], sum=s["sum"]), size="2")),
                      wrap="wrap"),
            rx.grid(
                rx.card(rx.vstack(rx.text(t("Messages waiting"), size="2", color_scheme="gray"),
                                  rx.heading(St.outbox_pending, size="6", id="outbox-pending"))),
                rx.card(rx.vstack(rx.text(t("Messages failed"), size="2", color_scheme="gray"),
                                  rx.heading(St.outbox_failed, size="6", id="outbox-failed"))),
                columns="2", spacing="3", width="100%"),
            rx.heading(t("Accounts"), size="4"),
            table_or_empty(St.accounts, rx.text(t("No money has moved yet."), color_scheme="gray"),
                           (t("Account"), t("Owner"), t("Currency"), t("Balance (from postings)")),
                           cells("kind", "owner", "currency", "balance"), id="accounts-table"),
            width="100%", spacing="3")),
    )
