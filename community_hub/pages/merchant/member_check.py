"""Merchant: "Check a member card" — the card's number or QR text typed, pasted or typed by a USB
scanner; the holder's name, programme, level and the member price at this shop, or the refusal."""

import reflex as rx

from components.area_page import area_page
from components.common import field, page_header, submit_button
from components.i18n import t
from components.shells import merchant_shell
from state.merchant.member_check import MerchantMemberCheckState as St


def _row(label: str, value) -> rx.Component:
    return rx.hstack(rx.text(t(label), color_scheme="gray", min_width="8rem"), rx.text(value, weight="medium"),
                     width="100%")


def _found() -> rx.Component:
    return rx.cond(St.found.contains("name"), rx.card(rx.vstack(
        rx.heading(St.found["name"], size="5"),
        _row("Programme", St.found["programme"]),
        _row("Level", St.found["level"]),
        _row("Member price", St.found["price"]),
        rx.cond(St.found["discount"] != "", rx.text(St.found["discount"], weight="bold", color_scheme="green")),
        rx.cond(St.found["who_pays"] != "", rx.text(St.found["who_pays"], size="2", color_scheme="gray")),
        spacing="2", width="100%"), width="100%", id="member-check-result"))


@area_page("/merchant/member-check", "Check a member card · Community Hub", "merchant", St.load)
def merchant_member_check() -> rx.Component:
    return merchant_shell(
        page_header(t("Check a member card"),
                    t("Type or paste the card's number or QR text, or scan it with a USB scanner into the field."),
                    error=St.error),
        rx.form(
            rx.vstack(
                field(t("Card number or QR text"), "scanned", auto_complete="off", max_length=81, auto_focus=True),
                submit_button(t("Check the card"), St.busy),
                spacing="3", width="100%", max_width="28rem",
            ),
            on_submit=St.check, reset_on_submit=True, width="100%",
        ),
        _found(),
    )
