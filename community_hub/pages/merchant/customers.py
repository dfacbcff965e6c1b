"""Merchant: customers — who bought, how often, how much."""

import reflex as rx

from components.common import empty_state, error_callout, page_title
from components.shells import merchant_shell
from state.merchant.customers import MerchantCustomersState as St
from state.shared.session import SessionState


@rx.page(route="/merchant/customers", title="Customers · Community Hub",
         on_load=[SessionState.guard("merchant"), St.load])
def merchant_customers() -> rx.Component:
    return merchant_shell(
        page_title("Customers", "Best customers first (orders that were paid and not cancelled)."),
        error_callout(St.error),
        rx.cond(St.rows.length() == 0,
                empty_state("users", "No customers yet", "People who buy from your shop appear here."),
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   ("Customer", "Orders", "Spent", "Last order")])),
                    rx.table.body(rx.foreach(St.rows, lambda r: rx.table.row(
                        rx.table.cell(r["name"]), rx.table.cell(r["orders"]), rx.table.cell(r["spent"]),
                        rx.table.cell(r["last"])))),
                    width="100%", id="customers-table")),
    )
