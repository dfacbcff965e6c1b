"""The pay page's phone wallets: the choice of WeChat Pay or Alipay, and the QR to scan."""

import reflex as rx

from components.common import error_callout
from components.i18n import t
from state.resident.payment_page import PaymentPageState
from state.resident.wallet_app_pay import WalletAppPayState as W


def wallet_app_offers() -> rx.Component:
    """Shown when a phone wallet is configured and takes this payment's currency."""
    return rx.cond(W.offers.length() > 0, rx.card(rx.vstack(
        error_callout(W.error),
        rx.text(t("Or pay with a phone wallet:"), size="2", color_scheme="gray"),
        rx.foreach(W.offers, lambda o: rx.button(
            rx.cond(W.busy, rx.spinner(size="2"), rx.fragment()), o["label"], size="3", width="100%",
            variant="outline", disabled=W.busy, on_click=W.choose(o["name"]), class_name="pay-wallet-app")),
        spacing="2", width="100%"), width="100%", max_width="28em", id="wallet-apps"))


def wallet_app_qr() -> rx.Component:
    """A phone-wallet attempt: the QR and the amount, the page confirming by itself."""
    return rx.card(rx.cond(
        W.paid,
        rx.vstack(rx.callout(t("Paid. Thank you!"), icon="check", color_scheme="green", width="100%", id="qr-paid"),
                  rx.link(t("Go on"), href=PaymentPageState.back), width="100%"),
        rx.vstack(
            error_callout(W.error),
            rx.text(W.qr_words, weight="bold", size="4", id="qr-words"),
            rx.cond(W.qr_image != "", rx.image(src=W.qr_image, alt=W.qr_words, width="16em", height="16em",
                                               id="pay-qr")),
            rx.hstack(rx.spinner(size="2"), rx.text(t("Waiting for your payment…"), size="2"), align="center",
                      role="status"),
            rx.button(t("Pay another way"), variant="soft", on_click=W.choose("card"), disabled=W.busy,
                      id="pay-another-way"),
            rx.link(t("Pay later: go back"), href=PaymentPageState.back, size="2"),
            spacing="3", width="100%", align="center"),
    ), width="100%", max_width="28em", id="wallet-app-qr")
