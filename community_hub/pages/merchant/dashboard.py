"""Merchant dashboard."""

import reflex as rx

from components.common import empty_state, error_callout, page_title
from components.shells import merchant_shell
from state.dashboards import MerchantHomeState
from state.session import SessionState


def _shop(shop: dict) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(shop["name"], size="4"), rx.badge(shop["status"]), rx.badge(shop["category"], variant="outline")),
            rx.text(shop["products"], " products · ", shop["low_stock"], " low on stock", size="2"),
            spacing="2",
        ),
        width="100%",
    )


@rx.page(route="/merchant", title="Merchant dashboard · Community Hub",
         on_load=[SessionState.guard("merchant"), MerchantHomeState.load])
def merchant_dashboard() -> rx.Component:
    return merchant_shell(
        page_title("Merchant dashboard", SessionState.user_name),
        error_callout(MerchantHomeState.error),
        rx.cond(MerchantHomeState.shops.length() == 0,
                empty_state("store", "No shop yet", "Your shop appears here once it is approved."),
                rx.vstack(rx.foreach(MerchantHomeState.shops, _shop), width="100%", id="merchant-shops")),
    )


@rx.page(route="/merchant/products", title="Products · Community Hub", on_load=SessionState.guard("merchant"))
def merchant_products() -> rx.Component:
    return merchant_shell(
        page_title("Products"),
        empty_state("boxes", "Product management opens soon",
                    "You will add products, prices, stock and photos here."),
    )
