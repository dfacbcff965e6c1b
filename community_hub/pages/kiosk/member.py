"""The member's screen at the kiosk: shop, collect an order by its code, and "To pay" — the
household's bills and the member's orders, each group with the oldest due first."""

import reflex as rx

from community_hub.pages.kiosk.touch import BIG
from community_hub.pages.kiosk.wallet_qr import wallet_buttons
from components.i18n import N_, t
from state.kiosk.kiosk import KioskState


def _payable(p) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(p["label"], size="6"),
                  rx.text(p["due"], size="4", weight=rx.cond(p["overdue"] != "", "bold", "regular"),
                          color_scheme=rx.cond(p["overdue"] != "", "red", "gray")),
                  spacing="1", min_width="0"),
        rx.spacer(), rx.heading(p["amount"], size="6"),
        rx.button(t("Pay here"), on_click=KioskState.pay(p["kind"], p["id"]),
                  id="kiosk-pay-" + p["kind"] + "-" + p["id"], **BIG),
        wallet_buttons(p),
        width="100%", align="center", padding="0.8em", border_radius="12px", background=rx.color("gray", 1),
        class_name="kiosk-payable",
    )


def _group(title: str, rows, group_id: str) -> rx.Component:
    return rx.cond(rows.length() > 0, rx.vstack(
        rx.heading(t(title), size="6", color_scheme="gray"),
        rx.foreach(rows, _payable),
        spacing="3", width="100%", id=group_id,
    ))


def shortcuts() -> rx.Component:
    """What a member (or anyone, on the attract screen) can do by touch alone."""
    return rx.flex(
        rx.button(rx.icon("store", size=28), t("Browse our shops"), on_click=KioskState.browse_shops,
                  id="kiosk-browse", **BIG),
        rx.button(rx.icon("keyboard", size=28), t("Type a pickup code"), on_click=KioskState.open_keypad,
                  variant="soft", id="kiosk-open-keypad", **BIG),
        gap="1.2rem", wrap="wrap", justify="center",
    )


def member_screen() -> rx.Component:
    return rx.vstack(
        shortcuts(),
        rx.text(t("Or scan a product to add it, or a pickup code to collect an order."), size="5",
                color_scheme="gray"),
        rx.heading(t("To pay"), size="7"),
        rx.cond((KioskState.pay_bills.length() == 0) & (KioskState.pay_orders.length() == 0),
                rx.text(t("Nothing waiting for payment."), size="5")),
        _group(N_("Bills"), KioskState.pay_bills, "kiosk-pay-bills"),
        _group(N_("Orders"), KioskState.pay_orders, "kiosk-pay-orders"),
        spacing="5", width="100%", id="kiosk-member-screen",
    )
