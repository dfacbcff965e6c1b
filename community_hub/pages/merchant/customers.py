"""Merchant: customers — who bought, how often, how much."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t
from components.shells import merchant_shell
from components.tables import cells, table_or_empty
from state.merchant.customers import MerchantCustomersState as St


@area_page("/merchant/customers", "Customers · Community Hub", "merchant", St.load)
def merchant_customers() -> rx.Component:
    return merchant_shell(
        page_header(t("Customers"), t("Best customers first (orders that were paid and not cancelled)."), error=St.error),
        table_or_empty(St.rows, empty_state("users", t("No customers yet"), t("People who buy from your shop appear here.")),
                       (t("Customer"), t("Orders"), t("Spent"), t("Last order")), cells("name", "orders", "spent", "last"),
                       id="customers-table"),
    )
