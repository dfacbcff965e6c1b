"""Admin: money on hold (in suspense) — apply it once it can be taken, or refund it."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t, tf
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.held_payments import AdminHeldPaymentsState as S
from state.shared.back_office import AdminPermission


def _row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell("#", r["id"]), rx.table.cell(r["purpose"]), rx.table.cell(r["amount"]),
        rx.table.cell(r["reason"]),
        rx.table.cell(rx.cond(
            S.confirm_refund == r["id"],
            rx.hstack(rx.text(tf("Refund {amount} to the payer?", amount=r["amount"]), size="2"),
                      rx.button(t("Yes, refund"), color_scheme="red", size="1", on_click=S.refund(r["id"]),
                                disabled=S.busy),
                      rx.button(t("Keep"), variant="soft", size="1", on_click=S.ask_refund("")), align="center"),
            rx.hstack(rx.button(t("Apply now"), size="1", on_click=S.apply(r["id"]), disabled=S.busy,
                                aria_label=tf("Apply payment {id}", id=r["id"])),
                      rx.button(t("Refund"), size="1", variant="soft", color_scheme="red", on_click=S.ask_refund(r["id"]),
                                aria_label=tf("Refund payment {id}", id=r["id"]))),
        )),
    )


@area_page("/admin/held", "Money on hold · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.FINANCE)
def admin_held() -> rx.Component:
    return admin_shell(
        page_header(t("Money on hold"), t("Payments that arrived for something that could not take them (a bill paid "
                                          "at the office meanwhile). The money is on record in suspense: apply it once "
                                          "it can be taken, or refund it."), error=S.error, notice=S.notice),
        table_or_empty(S.rows, empty_state("circle-check", t("Nothing on hold"),
                                           t("Every payment received went where it was meant to.")),
                       (t("Payment"), t("For"), t("On hold"), t("Why"), ""), _row, id="held-payments"),
    )
