"""The kiosk member's cart: a screen with every line (photo, name, unit price, big − and +, remove,
line total) and each shop's total with its pay button, and a bar at the bottom that keeps the
item count and the total in sight while the member shops."""

import reflex as rx

from community_hub.pages.kiosk.touch import BIG, KEY
from components.i18n import t, tf
from state.kiosk.kiosk import KioskState


def thumb(src, alt, width: str, height: str | None = None, icon_size: int = 40) -> rx.Component:
    """A product photo, or a placeholder icon in a box of the same size when there is none."""
    height = height or width
    return rx.cond(
        src != "",
        rx.image(src=src, alt=alt, width=width, height=height, object_fit="cover", border_radius="10px",
                 flex_shrink="0", class_name="kiosk-photo"),
        rx.center(rx.icon("package", size=icon_size, color=rx.color("gray", 9)), width=width, height=height,
                  border_radius="10px", background=rx.color("gray", 3), flex_shrink="0",
                  class_name="kiosk-photo-placeholder", role="img", aria_label=tf("No photo of {name}", name=alt)),
    )


def _line(r) -> rx.Component:
    return rx.hstack(
        thumb(r["photo"], r["name"], "5.5rem"),
        rx.vstack(rx.heading(r["name"], size="6"), rx.text(tf("{price} each", price=r["unit"]), size="5", color_scheme="gray"),
                  spacing="1", flex="1", min_width="0"),
        rx.hstack(
            rx.icon_button(rx.icon("minus", size=32), on_click=KioskState.less(r["id"]), disabled=r["can_less"] == "",
                           aria_label=tf("One less {name}", name=r["name"]), variant="soft", **KEY),
            rx.heading(r["quantity"], size="8", min_width="3rem", text_align="center", class_name="kiosk-line-qty"),
            rx.icon_button(rx.icon("plus", size=32), on_click=KioskState.more(r["id"]), disabled=r["can_add"] == "",
                           aria_label=tf("One more {name}", name=r["name"]), variant="soft", **KEY),
            align="center", spacing="3",
        ),
        rx.heading(r["total"], size="6", min_width="7rem", text_align="right", class_name="kiosk-line-total"),
        rx.button(rx.icon("trash-2", size=28), t("Remove"), on_click=KioskState.remove_line(r["id"]),
                  aria_label=tf("Remove {name}", name=r["name"]), color_scheme="red", variant="soft", size="4", height="5rem"),
        width="100%", align="center", spacing="4", padding="0.8em", border_radius="12px",
        background=rx.color("gray", 1), class_name="kiosk-cart-line",
    )


def _foot(r) -> rx.Component:
    return rx.vstack(
        rx.cond(r["problems"] != "", rx.callout(r["problems"], icon="triangle_alert", color_scheme="orange",
                                                size="3", width="100%")),
        rx.cond(r["other_discount"] != "", rx.hstack(
            rx.text(t("Coupons"), size="5"), rx.spacer(), rx.text(r["other_discount"], size="5"),
            width="100%", class_name="kiosk-coupon-line")),
        rx.cond(r["member"] != "", rx.hstack(
            rx.text(r["member"], size="5", weight="bold"), rx.spacer(),
            rx.text(r["member_amount"], size="5", weight="bold"),
            width="100%", class_name="kiosk-member-price")),
        rx.hstack(
            rx.text(r["shop"], " · ", r["items"], size="5", color_scheme="gray"), rx.spacer(),
            rx.heading(tf("Total {amount}", amount=r["total"]), size="7", class_name="kiosk-shop-total"),
            rx.button(rx.icon("credit-card", size=28), tf("Order for pickup & pay {amount}", amount=r["total"]),
                      on_click=KioskState.check_out(r["merchant_id"]), id="kiosk-checkout-" + r["merchant_id"],
                      disabled=r["can_order"] == "", **BIG),
            width="100%", align="center", spacing="4", wrap="wrap",
        ),
        width="100%", padding_bottom="1em", border_bottom=f"2px solid {rx.color('gray', 6)}",
    )


def cart_screen() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(t("Your cart"), size="8"), rx.spacer(),
                  rx.button(rx.icon("store", size=28), t("Keep shopping"), on_click=KioskState.browse_shops,
                            color_scheme="gray", variant="soft", **BIG),
                  width="100%", align="center"),
        rx.cond(KioskState.basket_items == 0,
                rx.text(t("Your cart is empty. Browse our shops or scan a product to add it."), size="6",
                        id="kiosk-cart-empty")),
        rx.foreach(KioskState.basket, lambda r: rx.match(
            r["kind"],
            ("head", rx.heading(r["shop"], size="7", padding_top="0.5em")),
            ("line", _line(r)),
            _foot(r),
        )),
        spacing="4", width="100%", id="kiosk-cart",
    )


def cart_bar() -> rx.Component:
    """Always in sight while the member shops: how many items, the total, and the way to the cart."""
    on_cart = KioskState.screen == "cart"
    return rx.cond(
        KioskState.cart_bar,
        rx.hstack(
            rx.icon("shopping-cart", size=40),
            rx.text(rx.cond(KioskState.basket_items == 1, tf("{count} item", count=KioskState.basket_items),
                            tf("{count} items", count=KioskState.basket_items)), size="6",
                    id="kiosk-cart-count"),
            rx.spacer(),
            rx.heading(tf("Total {amount}", amount=KioskState.basket_total), size="8", id="kiosk-cart-total"),
            rx.cond(on_cart, rx.fragment(),
                    rx.button(t("View cart"), on_click=KioskState.view_cart, id="kiosk-view-cart", **BIG)),
            width="100%", align="center", spacing="5", padding="0.8em 1.2em", border_radius="16px",
            background=rx.color("teal", 4), id="kiosk-cart-bar", flex_shrink="0",
        ),
    )
