"""/cart: one cart per shop; change quantities; go to checkout for one shop."""

import reflex as rx

from components.common import empty_state, error_callout, page_title
from components.shells import resident_shell
from state.resident.cart import ShopCartState
from state.shared.session import SessionState


def _line(line) -> rx.Component:
    lid = line["id"]
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(line["name"], weight="medium"),
                                rx.cond(line["options"] != "", rx.text(line["options"], size="1", color_scheme="gray")),
                                rx.cond(line["unavailable"] != "", rx.badge("not available", color_scheme="red")),
                                spacing="0")),
        rx.table.cell(rx.hstack(
            rx.icon_button(rx.icon("minus", size=14), size="1", variant="soft", aria_label="One less",
                           on_click=ShopCartState.minus(lid, line["qty"]), disabled=ShopCartState.busy,
                           id=f"minus-{lid}"),
            rx.text(line["qty"], id=f"qty-{lid}"),
            rx.icon_button(rx.icon("plus", size=14), size="1", variant="soft", aria_label="One more",
                           on_click=ShopCartState.plus(lid, line["qty"]), disabled=ShopCartState.busy,
                           id=f"plus-{lid}"),
            align="center")),
        rx.table.cell(rx.vstack(rx.text(line["unit"]),
                                rx.cond(line["was"] != "", rx.text("was ", line["was"], size="1", color_scheme="orange")),
                                spacing="0")),
        rx.table.cell(line["total"]),
        rx.table.cell(rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="ghost", color_scheme="red",
                                     aria_label="Remove", on_click=ShopCartState.remove(lid))),
    )


def _cart(box) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(box.merchant_name, size="4"),
            rx.foreach(box.problems, lambda p: rx.callout(p, icon="triangle_alert", color_scheme="orange",
                                                          size="1", width="100%")),
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("Item", "Qty", "Price", "Total", "")])),
                rx.table.body(rx.foreach(box.lines, _line)),
                width="100%",
            ),
            rx.hstack(rx.text("Subtotal ", rx.text.strong(box.subtotal)), rx.spacer(),
                      rx.link(rx.button("Checkout", size="3", id="cart-checkout-" + box.merchant_id),
                              href="/checkout/" + box.merchant_id),
                      width="100%", align="center"),
            width="100%", spacing="3",
        ),
        width="100%", id="cart-" + box.merchant_id,
    )


@rx.page(route="/cart", title="Cart · Community Hub", on_load=[SessionState.guard("resident"), ShopCartState.load])
def resident_cart() -> rx.Component:
    return resident_shell(
        rx.link("← Keep shopping", href="/shop"),
        page_title("Your cart"),
        error_callout(ShopCartState.error),
        rx.cond(ShopCartState.carts.length() == 0,
                rx.cond(ShopCartState.loaded,
                        empty_state("shopping-cart", "Your cart is empty", "Add products from a shop nearby.")),
                rx.vstack(rx.foreach(ShopCartState.carts, _cart), width="100%", spacing="4")),
    )
