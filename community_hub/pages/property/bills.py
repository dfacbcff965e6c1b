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
from components.i18n import N_, t, tf
from components.shells import property_shell
from components.tables import cells, data_table
from state.property.bills import PropertyBillsState as S

# How a bill was paid at the office, as the select shows it (the values are the service's words).
_METHODS = {"cash": N_("Cash"), "bank_transfer": N_("Bank transfer"), "cheque": N_("Cheque"),
            "card_terminal": N_("Card terminal")}


def _bill_row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["home"]), rx.table.cell(r["label"]),
        rx.table.cell(rx.badge(rx.match(r["status"], ("paid", t("paid")), ("void", t("void")), ("unpaid", t("unpaid")),
                                        r["status"]), color_scheme=rx.match(r["status"], ("paid", "green"), ("void", "gray"), "amber"))),
        rx.table.cell(r["total"]), rx.table.cell(r["paid"]), rx.table.cell(r["outstanding"]), rx.table.cell(r["due"]),
        rx.table.cell(rx.cond(r["status"] == "unpaid",
                              rx.button(t("Record payment"), size="1", variant="soft", on_click=S.open_payment(r)))),
    )


def _payment_dialog() -> rx.Component:
    return state_dialog(
        tf("Record a payment: {bill}", bill=S.pay_label),
        rx.vstack(
            form_label(t("Amount received"), html_for="pay-amount"),
            rx.input(id="pay-amount", value=S.pay_amount, on_change=S.set_pay_amount, width="100%"),
            form_label(t("How it was paid"), html_for="pay-method"),
            rx.select.root(rx.select.trigger(id="pay-method"), rx.select.content(
                *[rx.select.item(t(label), value=code) for code, label in _METHODS.items()]),
                value=S.pay_method, on_change=S.set_pay_method),
            form_label(t("Note (optional)"), html_for="pay-note"),
            rx.input(id="pay-note", value=S.pay_note, on_change=S.set_pay_note, width="100%"),
            error_callout(S.pay_error),
            spacing="2", width="100%"),
        is_open=S.pay_id != "", on_cancel=S.close_payment,
        action=rx.button(t("Record"), on_click=S.record_payment, id="pay-record"),
    )


@area_page("/property/bills", "Bills · Property · Community Hub", "property", S.load)
def property_bills() -> rx.Component:
    return property_shell(
        page_title(t("Property fees"), t("Bills per period, what has been collected, and who is behind.")),
        rx.hstack(
            rx.form(rx.hstack(rx.input(name="period", default_value=S.period, key=S.period, type="month",
                                       min=S.period_min, max=S.period_max, aria_label=t("Billing month"),
                                       width="11em", id="period"),
                              rx.button(t("Show"), type="submit", variant="soft"), spacing="2"),
                    on_submit=S.choose_period),
            confirm_button(
                rx.button(rx.cond(S.busy, rx.spinner(size="2"), rx.fragment()), tf("Generate bills for {period}", period=S.period),
                          disabled=S.busy, id="generate-bills", on_click=S.preview),
                rx.text.span(tf("Generate the bills for {period}?", period=S.period)),
                S.preview_text,
                t("Yes, generate"), S.generate),
            rx.button(rx.icon("bell", size=14), t("Send reminders"), variant="soft", on_click=S.remind, id="send-reminders"),
            rx.button(rx.icon("refresh-cw", size=14), t("Refresh"), variant="ghost", on_click=S.refresh, id="bills-refresh"),
            spacing="3", wrap="wrap", align="center", margin_bottom="1em"),
        error_callout(S.error),
        notice_callout(S.notice),
        rx.card(rx.hstack(
            rx.vstack(rx.text(tf("Collection rate {period}", period=S.period), size="2", color_scheme="gray"),
                      rx.heading(S.total_rate, size="8", id="collection-rate"), spacing="0"),
            rx.text(S.total_line, size="2", id="collection-line"),
            align="center", spacing="5", wrap="wrap")),
        rx.heading(t("By building"), size="4", margin_top="1em"),
        rx.cond(S.by_building.length() == 0, rx.text(t("No bills for this period yet."), color_scheme="gray"),
                data_table([t("Building"), t("Rate"), t("Bills"), t("Paid"), t("Billed"), t("Collected")], S.by_building,
                           cells("building", "rate", "bills", "paid", "billed", "collected"), id="collection-table")),
        rx.heading(t("Arrears"), size="4", margin_top="1em"),
        rx.cond(S.arrears.length() == 0, rx.text(t("Nobody is behind on a bill past its due date."), color_scheme="gray"),
                data_table([t("Unit"), t("Period"), t("Outstanding"), t("Days overdue")], S.arrears,
                           cells("home", "period", "outstanding", "days"), id="arrears-table")),
        rx.heading(tf("Bills of {period}", period=S.period), size="4", margin_top="1em"),
        rx.cond(S.bills.length() == 0,
                empty_state("receipt", t("No bills for this period"), t("Generate them from the fee items.")),
                data_table([t("Unit"), t("Bill"), t("Status"), t("Total"), t("Paid"), t("Outstanding"), t("Due"), ""], S.bills, _bill_row,
                           id="bills-table")),
        _payment_dialog(),
    )
