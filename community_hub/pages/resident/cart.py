"""/cart: one cart per shop; change quantities; go to checkout for one shop."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t, tf
from components.link_button import link_button
from components.shells import resident_shell
from state.resident.cart import ShopCartState


def _line(line) -> rx.Component:
    """One line as a small card: on a 390 px phone everything, Remove included, stays in view."""
    lid = line["id"]
    return rx.box(
        rx.hstack(
            rx.vstack(rx.text(line["name"], weight="medium", word_break="break-word"),
                      rx.cond(line["options"] != "", rx.text(line["options"], size="1", color_scheme="gray")),
                      rx.cond(line["unavailable"] != "", rx.badge(t("not available"), color_scheme="red")),
                      spacing="0", flex="1", min_width="0"),
            rx.icon_button(rx.icon("trash-2", size=16), size="2", variant="soft", color_scheme="red",
                           aria_label=tf("Remove {name}", name=line["name"]), on_click=ShopCartState.remove(lid),
                           disabled=ShopCartState.busy),
            width="100%", align="start",
        ),
        rx.hstack(
            rx.icon_button(rx.icon("minus", size=16), size="2", variant="soft", aria_label=t("One less"),
                           on_click=ShopCartState.minus(lid, line["qty"]), disabled=ShopCartState.busy,
                           id=f"minus-{lid}"),
            rx.text(line["qty"], id=f"qty-{lid}", min_width="2em", text_align="center", aria_label=t("Quantity")),
            rx.icon_button(rx.icon("plus", size=16), size="2", variant="soft", aria_label=t("One more"),
                           on_click=ShopCartState.plus(lid, line["qty"]), disabled=ShopCartState.busy,
                           id=f"plus-{lid}"),
            rx.text("× ", line["unit"], size="2", color_scheme="gray"),
            rx.cond(line["was"] != "", rx.text(tf("was {price}", price=line["was"]), size="1", color_scheme="orange")),
            rx.spacer(),
            rx.text(line["total"], weight="bold"),
            width="100%", align="center", wrap="wrap",
        ),
        padding="0.75em 0", border_bottom=f"1px solid {rx.color('gray', 4)}", width="100%",
        class_name="cart-line",
    )


def _cart(box) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(box.merchant_name, size="4"),
            rx.foreach(box.problems, lambda p: rx.callout(p, icon="triangle_alert", color_scheme="orange",
                                                          size="1", width="100%")),
            rx.vstack(rx.foreach(box.lines, _line), width="100%", spacing="0"),
            rx.cond(box.coupon != "", rx.badge(tf("Coupon {code} — the discount shows at checkout", code=box.coupon),
                                               color_scheme="green")),
            rx.hstack(rx.text(t("Subtotal "), rx.text.strong(box.subtotal)), rx.spacer(),
                      link_button(t("Checkout"), size="3", id="cart-checkout-" + box.merchant_id,
                                  href="/checkout/" + box.merchant_id),
                      width="100%", align="center"),
            width="100%", spacing="3",
        ),
        width="100%", id="cart-" + box.merchant_id,
    )


@area_page("/cart", "Cart · Community Hub", "resident", ShopCartState.load)
def resident_cart() -> rx.Component:
    return resident_shell(
        rx.link(t("← Keep shopping"), href="/shop"),
        page_header(t("Your cart"), error=ShopCartState.error),
        rx.cond(ShopCartState.carts.length() == 0,
                rx.cond(ShopCartState.loaded,
                        empty_state("shopping-cart", t("Your cart is empty"), t("Add products from a shop nearby."))),
                rx.vstack(rx.foreach(ShopCartState.carts, _cart), width="100%", spacing="4")),
    )
