"""Merchant: finance from the ledger — sales, service fees, refunds, payouts; CSV statement."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, form_label, page_title
from components.i18n import t
from components.shells import merchant_shell
from components.tables import cells, table_or_empty
from state.merchant.finance import MerchantFinanceState as St


def _tile(label, value, id_: str, note=None) -> rx.Component:
    return rx.card(rx.vstack(rx.text(label, size="2", color_scheme="gray"), rx.heading(value, size="6", id=id_),
                             rx.text(note, size="1", color_scheme="gray", id=id_ + "-note") if note is not None else rx.fragment()),
                   width="100%")


@area_page("/merchant/finance", "Finance · Community Hub", "merchant", St.load)
def merchant_finance() -> rx.Component:
    return merchant_shell(
        page_title(t("Finance"), t("From the ledger: what the shop sold, the platform's fee, refunds and payouts.")),
        rx.form(
            rx.hstack(
                rx.vstack(form_label(t("From"), html_for="finance-start"), rx.input(type="date", name="start", id="finance-start",
                                                              default_value=St.start, key=St.start), spacing="1"),
                rx.vstack(form_label(t("To"), html_for="finance-end"), rx.input(type="date", name="end", id="finance-end",
                                                            default_value=St.end, key=St.end), spacing="1"),
                rx.button(t("Show"), type="submit", id="finance-show"),
                rx.button(rx.icon("download", size=14), t("Export CSV"), type="button", variant="outline",
                          id="finance-export", on_click=St.export_csv),
                align="end", wrap="wrap",
            ),
            on_submit=St.set_range, margin_bottom="1em",
        ),
        error_callout(St.error),
        rx.grid(_tile(t("Sales"), St.sales, "fin-sales",
                      note=t("Orders settled in this period (the customer signed for them), before the service fee; "
                             "orders paid but not yet signed for come later.")), _tile(t("Service fees"), St.fees, "fin-fees"),
                _tile(t("Refunds"), St.refunds, "fin-refunds"), _tile(t("Paid out"), St.payouts_total, "fin-payouts"),
                _tile(t("Owed to you now"), St.owed, "fin-owed"),
                columns=rx.breakpoints(initial="2", md="5"), spacing="3", width="100%"),
        rx.heading(t("Statement"), size="4", margin_top="1em"),
        table_or_empty(St.rows, empty_state("receipt", t("Nothing in this period"),
                                            t("Settled orders, refunds and payouts show here.")),
                       (t("Date"), t("Type"), t("Reference"), t("Gross"), t("Fee"), t("Net to you")),
                       cells("at", "label", "reference", "gross", "fee", "net"), id="statement-table"),
        rx.heading(t("Payouts"), size="4", margin_top="1em"),
        table_or_empty(St.payouts, rx.text(t("No payouts yet."), color_scheme="gray"),
                       (t("Date"), t("Amount"), t("Status"), t("To")), cells("at", "amount", "status", "destination"),
                       id="payouts-table"),
    )
