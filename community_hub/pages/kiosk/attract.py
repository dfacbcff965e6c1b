"""The lobby kiosk (fullscreen, touch, no keyboard, portrait or landscape): attract loop, shops,
product, member, cart, pickup-code keypad, paying, receipt and pickup screens, under the banners
nobody may miss (devices offline, urgent notices) and above the cart bar; driven by the hardware
bridge through `bridge_client`."""

import reflex as rx

from community_hub.pages.kiosk.banners import offline_banner, urgent_banner
from community_hub.pages.kiosk.cart import cart_bar, cart_screen, thumb
from community_hub.pages.kiosk.keypad import keypad_screen
from community_hub.pages.kiosk.member import member_screen, shortcuts
from community_hub.pages.kiosk.touch import BIG, TILE_GRID
from community_hub.pages.kiosk.wallet_qr import qr_screen
from components.area_page import area_page
from components.bridge_client import bridge_client
from components.i18n import language_switch, t, tf
from components.shells import kiosk_shell
from state.kiosk.kiosk import KioskState


def _message() -> rx.Component:
    return rx.cond(
        KioskState.message != "",
        rx.callout(KioskState.message, id="kiosk-message", size="3", width="100%",
                   icon=rx.cond(KioskState.message_kind == "error", "triangle_alert", "info"),
                   color_scheme=rx.cond(KioskState.message_kind == "error", "red", "blue"),
                   role="alert", on_click=KioskState.dismiss),
    )


def _header() -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.heading(KioskState.community, size="8"),
                  rx.text(KioskState.kiosk_name, size="4", color_scheme="gray"), spacing="0"),
        rx.spacer(),
        rx.cond(KioskState.member_logged_in,
                rx.hstack(rx.heading(KioskState.member_name, size="6", id="kiosk-member"),
                          rx.button(t("Done"), on_click=KioskState.back_to_attract, id="kiosk-done",
                                    color_scheme="gray", **BIG),
                          align="center", spacing="4")),
        width="100%", align="center",
    )


def _attract() -> rx.Component:
    return rx.vstack(
        # Each passer-by reads the kiosk in their language; the kiosk's own comes back when it is idle.
        language_switch(on_choose=KioskState.choose_language, size="4", id="kiosk-language"),
        rx.center(rx.vstack(rx.icon("scan-line", size=96),
                            rx.heading(t("Scan your member card or pickup code"), size="8", text_align="center"),
                            rx.text(t("Or scan any product to see its price."), size="6", color_scheme="gray"),
                            align="center"), width="100%"),
        shortcuts(),
        rx.grid(
            rx.foreach(KioskState.attract_items, lambda item: rx.card(
                rx.cond(item["kind"] == "ad", rx.badge(t("Ad"), size="3"), rx.badge(t("Notice"), size="3", color_scheme="teal")),
                rx.cond(item["title"] != "", rx.heading(item["title"], size="6")),
                rx.text(item["text"], size="5"),
                padding="1.2em",
            )),
            columns="2", spacing="4", width="100%",
        ),
        # Centred in the height too: a tall portrait screen has no empty half at the bottom.
        spacing="6", width="100%", min_height="100%", justify="center", id="kiosk-attract", align="center",
    )


def _product() -> rx.Component:
    return rx.vstack(
        thumb(KioskState.product["photo"], KioskState.product["name"], "min(26rem, 80vw)", icon_size=120),
        rx.text(KioskState.product["shop"], size="6", color_scheme="gray"),
        rx.heading(KioskState.product["name"], size="9", id="kiosk-product-name", text_align="center"),
        rx.heading(KioskState.product["price"], size="9", color_scheme="teal", id="kiosk-product-price"),
        rx.text(KioskState.product["stock"], size="5"),
        rx.hstack(
            rx.cond(KioskState.member_logged_in,
                    rx.button(t("Add to my cart"), on_click=KioskState.add_to_cart, id="kiosk-add", **BIG),
                    rx.text(t("Scan your member card to buy it here."), size="5")),
            rx.button(t("Back"), on_click=KioskState.back_from_product, color_scheme="gray", variant="soft", **BIG),
            spacing="5",
        ),
        align="center", spacing="5", width="100%", id="kiosk-product",
    )


def _tile(*children, **props) -> rx.Component:
    return rx.card(rx.vstack(*children, spacing="2", width="100%"), padding="1em", cursor="pointer",
                   min_height="7rem", **props)


def _shops() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(t("Shops nearby"), size="8"), rx.spacer(),
                  rx.button(t("Back"), on_click=KioskState.show_member, color_scheme="gray", variant="soft", **BIG),
                  width="100%", align="center"),
        rx.cond(KioskState.shop_rows.length() == 0, rx.text(t("No shops within walking distance yet."), size="6")),
        rx.box(rx.foreach(KioskState.shop_rows, lambda r: _tile(
            rx.icon("store", size=36, color=rx.color("teal", 9)),
            rx.heading(r["name"], size="6"), rx.text(r["category"], " · ", r["walk"], size="4", color_scheme="gray"),
            on_click=KioskState.open_shop(r["id"]), id="kiosk-shop-" + r["id"], class_name="kiosk-shop-tile")),
            **TILE_GRID),
        spacing="5", width="100%", id="kiosk-shops",
    )


def _shop() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(KioskState.shop_name, size="8"), rx.spacer(),
                  rx.button(t("All shops"), on_click=KioskState.browse_shops, color_scheme="gray", variant="soft", **BIG),
                  width="100%", align="center"),
        rx.box(rx.foreach(KioskState.shop_items, lambda p: _tile(
            thumb(p["photo"], p["name"], "100%", "11rem", icon_size=64),
            rx.heading(p["name"], size="5"), rx.heading(p["price"], size="6", color_scheme="teal"),
            rx.cond(p["stock"] != "", rx.badge(p["stock"], color_scheme="red", size="3")),
            on_click=KioskState.open_product(p["id"]), class_name="kiosk-product-tile")),
            **TILE_GRID),
        spacing="5", width="100%", id="kiosk-shop",
    )


def _paying() -> rx.Component:
    return rx.vstack(
        rx.heading(KioskState.pay_label, size="7", text_align="center"),
        rx.icon("credit-card", size=96),
        rx.heading(KioskState.pay_text, size="9", text_align="center", id="kiosk-paying"),
        rx.text(t("Tap, insert or swipe your card."), size="6", color_scheme="gray"),
        rx.hstack(
            rx.cond(KioskState.terminal_simulated,
                    rx.button(t("Tap test card (demo terminal)"), on_click=KioskState.tap_demo_card, id="kiosk-demo-tap",
                              variant="outline", **BIG)),
            rx.button(t("Cancel"), on_click=KioskState.cancel_payment, color_scheme="red", variant="soft",
                      id="kiosk-cancel-payment", **BIG),
            spacing="5",
        ),
        align="center", spacing="5", width="100%",
    )


def _paid() -> rx.Component:
    return rx.vstack(
        rx.heading(KioskState.receipt_text, size="8", id="kiosk-paid", text_align="center"),
        rx.image(src=KioskState.receipt_qr, width="260px", height="260px", alt=t("Receipt QR code"), id="kiosk-receipt-qr"),
        rx.text(t("Scan this with your phone for your receipt. Nothing is printed."), size="5"),
        rx.button(t("Continue"), on_click=KioskState.show_member, **BIG),
        align="center", spacing="5", width="100%",
    )


def _pickup() -> rx.Component:
    return rx.vstack(
        rx.icon("package-check", size=96, color=rx.color("teal", 9)),
        rx.heading(tf("Order {order} is yours", order=KioskState.pickup["order"]), size="9", id="kiosk-pickup"),
        rx.heading(tf("Collect it at {where}", where=KioskState.pickup["where"]), size="7", text_align="center",
                   id="kiosk-pickup-where"),
        rx.text(KioskState.pickup["items"], size="6"),
        rx.button(t("Done"), on_click=KioskState.show_member, **BIG),
        align="center", spacing="5", width="100%",
    )


@area_page("/kiosk/[kiosk_id]", "Kiosk · Community Hub", "kiosk", KioskState.load)
def kiosk_attract() -> rx.Component:
    # One column as tall as the screen: what must stay in sight (header, messages, the cart bar) at
    # the top and bottom, the screen itself in between, scrolled by touch when it is longer.
    return kiosk_shell(
        rx.cond(
            KioskState.error != "",
            rx.center(rx.heading(KioskState.error, size="8", id="kiosk-error"), height="100%"),
            rx.box(
                rx.flex(
                    offline_banner(),
                    urgent_banner(),
                    _header(),
                    _message(),
                    rx.box(
                        rx.match(KioskState.screen,
                                 ("shops", _shops()),
                                 ("shop", _shop()),
                                 ("product", _product()),
                                 ("member", member_screen()),
                                 ("cart", cart_screen()),
                                 ("keypad", keypad_screen()),
                                 ("paying", _paying()),
                                 ("qr", qr_screen()),
                                 ("paid", _paid()),
                                 ("pickup", _pickup()),
                                 _attract()),
                        flex="1", min_height="0", overflow_y="auto", width="100%", padding_right="0.5em",
                        id="kiosk-main",
                    ),
                    cart_bar(),
                    direction="column", gap="1.2rem", width="100%", height="100%", data_screen=KioskState.screen,
                    id="kiosk-screen",
                ),
                rx.cond(KioskState.bridge_url != "",
                        bridge_client(url=KioskState.bridge_url, token=KioskState.bridge_token,
                                      command=KioskState.bridge_command, on_message=KioskState.on_bridge_message)),
                on_click=KioskState.touched, width="100%", height="100%",
                on_unmount=KioskState.stop_watching,
            ),
        ),
    )
