"""Admin: money on hold (in suspense) — apply it once it can be taken, or refund it."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.held_payments import AdminHeldPaymentsState as S


def _row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell("#", r["id"]), rx.table.cell(r["purpose"]), rx.table.cell(r["amount"]),
        rx.table.cell(r["reason"]),
        rx.table.cell(rx.cond(
            S.confirm_refund == r["id"],
            rx.hstack(rx.text("Refund ", r["amount"], " to the payer?", size="2"),
                      rx.button("Yes, refund", color_scheme="red", size="1", on_click=S.refund(r["id"]),
                                disabled=S.busy),
                      rx.button("Keep", variant="soft", size="1", on_click=S.ask_refund("")), align="center"),
            rx.hstack(rx.button("Apply now", size="1", on_click=S.apply(r["id"]), disabled=S.busy,
                                aria_label="Apply payment " + r["id"]),
                      rx.button("Refund", size="1", variant="soft", color_scheme="red", on_click=S.ask_refund(r["id"]),
                                aria_label="Refund payment " + r["id"])),
        )),
    )


@area_page("/admin/held", "Money on hold · Admin · Community Hub", "admin", S.load)
def admin_held() -> rx.Component:
    return admin_shell(
        page_header("Money on hold", "Payments that arrived for something that could not take them (a bill paid "
                                     "at the office meanwhile). The money is on record in suspense: apply it once "
                                     "it can be taken, or refund it.", error=S.error, notice=S.notice),
        table_or_empty(S.rows, empty_state("circle-check", "Nothing on hold",
                                           "Every payment received went where it was meant to."),
                       ("Payment", "For", "On hold", "Why", ""), _row, id="held-payments"),
    )
