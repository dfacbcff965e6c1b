"""Merchant: finance from the ledger — sales, service fees, refunds, payouts; CSV statement."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, page_title
from components.shells import merchant_shell
from components.tables import cells, table_or_empty
from state.merchant.finance import MerchantFinanceState as St


def _tile(label: str, value, id_: str, note: str | None = None) -> rx.Component:
    return rx.card(rx.vstack(rx.text(label, size="2", color_scheme="gray"), rx.heading(value, size="6", id=id_),
                             rx.text(note, size="1", color_scheme="gray", id=id_ + "-note") if note else rx.fragment()),
                   width="100%")


@area_page("/merchant/finance", "Finance · Community Hub", "merchant", St.load)
def merchant_finance() -> rx.Component:
    return merchant_shell(
        page_title("Finance", "From the ledger: what the shop sold, the platform's fee, refunds and payouts."),
        rx.form(
            rx.hstack(
                rx.vstack(rx.text("From", size="2"), rx.input(type="date", name="start", id="finance-start",
                                                              default_value=St.start, key=St.start), spacing="1"),
                rx.vstack(rx.text("To", size="2"), rx.input(type="date", name="end", id="finance-end",
                                                            default_value=St.end, key=St.end), spacing="1"),
                rx.button("Show", type="submit", id="finance-show"),
                rx.button(rx.icon("download", size=14), "Export CSV", type="button", variant="outline",
                          id="finance-export", on_click=St.export_csv),
                align="end", wrap="wrap",
            ),
            on_submit=St.set_range, margin_bottom="1em",
        ),
        error_callout(St.error),
        rx.grid(_tile("Sales", St.sales, "fin-sales",
                      note="Orders settled in this period (the customer signed for them), before the service fee; "
                           "orders paid but not yet signed for come later."), _tile("Service fees", St.fees, "fin-fees"),
                _tile("Refunds", St.refunds, "fin-refunds"), _tile("Paid out", St.payouts_total, "fin-payouts"),
                _tile("Owed to you now", St.owed, "fin-owed"),
                columns=rx.breakpoints(initial="2", md="5"), spacing="3", width="100%"),
        rx.heading("Statement", size="4", margin_top="1em"),
        table_or_empty(St.rows, empty_state("receipt", "Nothing in this period",
                                            "Settled orders, refunds and payouts show here."),
                       ("Date", "Type", "Reference", "Gross", "Fee", "Net to you"),
                       cells("at", "label", "reference", "gross", "fee", "net"), id="statement-table"),
        rx.heading("Payouts", size="4", margin_top="1em"),
        table_or_empty(St.payouts, rx.text("No payouts yet.", color_scheme="gray"),
                       ("Date", "Amount", "Status", "To"), cells("at", "amount", "status", "destination"),
                       id="payouts-table"),
    )
