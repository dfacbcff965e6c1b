"""Staff: property fees — generate a period's bills, collection rate by building, bills, arrears,
offline payments and reminders."""

import reflex as rx

from components.area_page import area_page
from components.common import (
    confirm_button,
    empty_state,
    error_callout,
    form_label,
    notice_callout,
    page_title,
)
from components.dialogs import state_dialog
from components.shells import property_shell
from components.tables import cells, data_table
from state.property.bills import PropertyBillsState as S


def _bill_row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["home"]), rx.table.cell(r["label"]),
        rx.table.cell(rx.badge(r["status"], color_scheme=rx.match(r["status"], ("paid", "green"), ("void", "gray"), "amber"))),
        rx.table.cell(r["total"]), rx.table.cell(r["paid"]), rx.table.cell(r["outstanding"]), rx.table.cell(r["due"]),
        rx.table.cell(rx.cond(r["status"] == "unpaid",
                              rx.button("Record payment", size="1", variant="soft", on_click=S.open_payment(r)))),
    )


def _payment_dialog() -> rx.Component:
    return state_dialog(
        ("Record a payment: ", S.pay_label),
        rx.vstack(
            form_label("Amount received", html_for="pay-amount"),
            rx.input(id="pay-amount", value=S.pay_amount, on_change=S.set_pay_amount, width="100%"),
            rx.text("How it was paid", size="2", weight="medium"),
            rx.select(S.methods, value=S.pay_method, on_change=S.set_pay_method, id="pay-method"),
            form_label("Note (optional)", html_for="pay-note"),
            rx.input(id="pay-note", value=S.pay_note, on_change=S.set_pay_note, width="100%"),
            error_callout(S.pay_error),
            spacing="2", width="100%"),
        is_open=S.pay_id != "", on_cancel=S.close_payment,
        action=rx.button("Record", on_click=S.record_payment, id="pay-record"),
    )


@area_page("/property/bills", "Bills · Property · Community Hub", "property", S.load)
def property_bills() -> rx.Component:
    return property_shell(
        page_title("Property fees", "Bills per period, what has been collected, and who is behind."),
        rx.hstack(
            rx.form(rx.hstack(rx.input(name="period", default_value=S.period, key=S.period, type="month",
                                       min=S.period_min, max=S.period_max, aria_label="Billing month",
                                       width="11em", id="period"),
                              rx.button("Show", type="submit", variant="soft"), spacing="2"),
                    on_submit=S.choose_period),
            confirm_button(
                rx.button(rx.cond(S.busy, rx.spinner(size="2"), rx.fragment()), "Generate bills for ", S.period,
                          disabled=S.busy, id="generate-bills", on_click=S.preview),
                rx.text.span("Generate the bills for ", S.period, "?"),
                S.preview_text,
                "Yes, generate", S.generate),
            rx.button(rx.icon("bell", size=14), "Send reminders", variant="soft", on_click=S.remind, id="send-reminders"),
            rx.button(rx.icon("refresh-cw", size=14), "Refresh", variant="ghost", on_click=S.refresh, id="bills-refresh"),
            spacing="3", wrap="wrap", align="center", margin_bottom="1em"),
        error_callout(S.error),
        notice_callout(S.notice),
        rx.card(rx.hstack(
            rx.vstack(rx.text("Collection rate ", S.period, size="2", color_scheme="gray"),
                      rx.heading(S.total_rate, size="8", id="collection-rate"), spacing="0"),
            rx.text(S.total_line, size="2", id="collection-line"),
            align="center", spacing="5", wrap="wrap")),
        rx.heading("By building", size="4", margin_top="1em"),
        rx.cond(S.by_building.length() == 0, rx.text("No bills for this period yet.", color_scheme="gray"),
                data_table(["Building", "Rate", "Bills", "Paid", "Billed", "Collected"], S.by_building,
                           cells("building", "rate", "bills", "paid", "billed", "collected"), id="collection-table")),
        rx.heading("Arrears", size="4", margin_top="1em"),
        rx.cond(S.arrears.length() == 0, rx.text("Nobody is behind on a bill past its due date.", color_scheme="gray"),
                data_table(["Home", "Period", "Outstanding", "Days overdue"], S.arrears,
                           cells("home", "period", "outstanding", "days"), id="arrears-table")),
        rx.heading("Bills of ", S.period, size="4", margin_top="1em"),
        rx.cond(S.bills.length() == 0,
                empty_state("receipt", "No bills for this period", "Generate them from the fee items."),
                data_table(["Home", "Bill", "Status", "Total", "Paid", "Outstanding", "Due", ""], S.bills, _bill_row,
                           id="bills-table")),
        _payment_dialog(),
    )
