"""Merchant dashboard: today's orders and revenue, low-stock alerts, sales over 30 days."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import N_, t
from components.merchant_warnings import merchant_warnings
from components.shells import merchant_shell
from components.tables import table_or_empty
from state.merchant.home import MerchantHomeState as St
from state.merchant.warnings import MerchantWarningsState
from state.shared.session import SessionState

# A shop's status arrives as its code; each code is also its English word (the catalog has the Chinese).
_STATUSES = (N_("pending"), N_("approved"), N_("rejected"), N_("suspended"))


def _shop(shop: dict) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(shop["name"], size="4"), rx.badge(rx.match(shop["status"], *[(k, t(k)) for k in _STATUSES], shop["status"])), rx.badge(shop["category"], variant="outline")),
            rx.text(shop["products"], rx.cond(shop["products"] == "1", t(" product"), t(" products")), size="2"),
            spacing="2",
        ),
        width="100%",
    )


def _tile(label, value, id_: str, href: str | None = None, note=None) -> rx.Component:
    body = rx.card(rx.vstack(rx.text(label, size="2", color_scheme="gray"), rx.heading(value, size="7", id=id_),
                             rx.text(note, size="1", color_scheme="gray", id=id_ + "-note") if note is not None else rx.fragment()),
                   width="100%")
    return rx.link(body, href=href, underline="none", color="inherit") if href else body


def _low(row: dict) -> rx.Component:
    return rx.table.row(rx.table.cell(row["name"]), rx.table.cell(rx.badge(row["stock"], color_scheme="red")),
                        rx.table.cell(row["threshold"]))


def _chart() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(t("Sales, last 30 days"), size="4"), rx.spacer(),
                      rx.text(St.sales_total, size="2", weight="bold"), width="100%"),
            rx.recharts.bar_chart(
                rx.recharts.bar(data_key="sales", fill=rx.color("accent", 9), name=t("Sales"), is_animation_active=False),
                rx.recharts.x_axis(data_key="day"),
                rx.recharts.y_axis(),
                rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                rx.recharts.graphing_tooltip(),
                data=St.sales, width="100%", height=260,
            ),
            width="100%",
        ),
        width="100%", id="sales-chart",
    )


def _not_listed() -> rx.Component:
    """A new shop is hidden from residents until it sells something: say so, and where to fix it."""
    return rx.foreach(St.unlisted, lambda name: rx.callout.root(
        rx.callout.icon(rx.icon("eye-off")),
        rx.callout.text(rx.text.strong(name, t(" is not shown to residents yet. ")), St.listing_hint, " ",
                        rx.link(t("Add a product"), href="/merchant/products")),
        color_scheme="amber", width="100%", role="status", class_name="not-listed"))


def _shop_view() -> rx.Component:
    return rx.vstack(
        _not_listed(),
        rx.grid(
            _tile(t("Orders today"), St.orders_today, "orders-today", "/merchant/orders"),
            _tile(t("Revenue today"), St.revenue_today, "revenue-today",
                  note=t("What customers paid today for their orders; it reaches your balance (Finance) when they sign "
                         "for the goods.")),
            _tile(t("New, waiting for you"), St.new_orders, "new-orders", "/merchant/orders"),
            _tile(t("Open orders"), St.open_orders, "open-orders", "/merchant/orders"),
            columns=rx.breakpoints(initial="2", md="4"), spacing="3", width="100%",
        ),
        _chart(),
        rx.card(
            rx.vstack(
                rx.hstack(rx.icon("triangle_alert", color=rx.color("orange", 9)), rx.heading(t("Low on stock"), size="4"),
                          rx.spacer(), rx.link(t("Manage products"), href="/merchant/products"), width="100%"),
                table_or_empty(St.low_stock, rx.text(t("Nothing is running low."), color_scheme="gray", size="2"),
                               (t("Product"), t("In stock"), t("Alert at")), _low, id="low-stock"),
                width="100%",
            ),
            width="100%",
        ),
        rx.vstack(rx.foreach(St.shops, _shop), width="100%", id="merchant-shops"),
        width="100%", spacing="4",
    )


@area_page("/merchant", "Merchant dashboard · Community Hub", "merchant", St.load, MerchantWarningsState.load)
def merchant_dashboard() -> rx.Component:
    return merchant_shell(
        page_header(t("Merchant dashboard"), SessionState.user_name, error=St.error),
        merchant_warnings(),
        rx.cond(St.shops.length() == 0,
                rx.vstack(empty_state("store", t("No shop yet"), t("Your shop appears here once it is approved.")),
                          rx.link(t("Apply to sell"), href="/merchant/apply"), align="center", width="100%"),
                _shop_view()),
    )
