"""The kiosk's phone-wallet payment (issue 20): a "WeChat Pay" / "Alipay" button beside the
terminal's on each payable offered in its currency, and the screen that shows the provider's QR
large with the amount until the payment is confirmed (state/kiosk/wallet_qr.py)."""

import reflex as rx

from community_hub.pages.kiosk.touch import BIG
from components.i18n import t
from state.kiosk.kiosk import KioskState


def wallet_buttons(p) -> rx.Component:
    """The phone wallets offered for this row (its flags set by the state from the service)."""
    return rx.fragment(
        rx.cond(p["wechatpay"] != "", rx.button(
            rx.icon("qr-code", size=28), t("WeChat Pay"), on_click=KioskState.pay_by_wallet(p["kind"], p["id"], "wechatpay"),
            color_scheme="green", variant="soft", id="kiosk-wechatpay-" + p["kind"] + "-" + p["id"], **BIG)),
        rx.cond(p["alipay"] != "", rx.button(
            rx.icon("qr-code", size=28), t("Alipay"), on_click=KioskState.pay_by_wallet(p["kind"], p["id"], "alipay"),
            color_scheme="blue", variant="soft", id="kiosk-alipay-" + p["kind"] + "-" + p["id"], **BIG)),
    )


def qr_screen() -> rx.Component:
    return rx.vstack(
        rx.heading(KioskState.pay_label, size="7", text_align="center"),
        rx.heading(KioskState.qr_amount, size="9", text_align="center", id="kiosk-qr-amount"),
        rx.image(src=KioskState.qr_image, width="min(60vh, 90vw)", height="min(60vh, 90vw)",
                 alt=KioskState.qr_app, id="kiosk-qr", style={"image_rendering": "pixelated"}),
        rx.heading(KioskState.qr_text, size="8", text_align="center", id="kiosk-qr-text"),
        rx.hstack(rx.spinner(size="3"), rx.text(t("This screen moves on by itself once you have paid."), size="5",
                                                color_scheme="gray"), align="center"),
        rx.button(t("Cancel"), on_click=KioskState.cancel_qr, color_scheme="red", variant="soft",
                  id="kiosk-cancel-qr", **BIG),
        align="center", spacing="5", width="100%",
    )
