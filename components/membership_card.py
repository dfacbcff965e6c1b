"""The parts of the member's card page (/me/card) about the membership card: the card itself, the
way up or down, the group's directory, becoming a cardholder, and paying the fee on the page."""

from __future__ import annotations

import reflex as rx

from components.card_entry import card_entry
from components.common import (
    confirm_button,
    error_callout,
    form_label,
    notice_callout,
    submit_button,
)
from components.i18n import t, tf
from components.select_field import _STYLE
from state.resident.membership_card import MembershipCardState as M


def _input(label: str, id_: str, name: str, hint: str | None = None, **props) -> rx.Component:
    """A labelled input whose id differs from its name (two forms on the page post the same names)."""
    parts = [form_label(label, html_for=id_), rx.input(id=id_, name=name, required=True, width="100%", size="3", **props)]
    if hint is not None:
        parts.append(rx.text(hint, size="1", color_scheme="gray"))
    return rx.vstack(*parts, spacing="1", width="100%")


def _select(label: str, id_: str, name: str, options, **props) -> rx.Component:
    return rx.vstack(
        form_label(label, html_for=id_),
        rx.el.select(rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"])),
                     id=id_, name=name, style=_STYLE, **props),
        spacing="1", width="100%")


def _row(label: str, value, id_: str) -> rx.Component:
    return rx.hstack(rx.text(label, color_scheme="gray", size="2"), rx.spacer(),
                     rx.text(value, weight="medium", id=id_), width="100%")


def the_card() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(tf("{programme} · {level}", programme=M.programme, level=M.level), size="4", id="membership-level"),
        rx.image(src=M.qr, width="220px", height="220px", alt=t("Membership card QR code for the kiosk and shops"),
                 id="membership-card-qr"),
        rx.text(t("Show this at the lobby kiosk or a shop to get member prices."), size="2", color_scheme="gray"),
        _row(t("Card number"), M.number, "membership-number"),
        _row(t("Level"), M.level, "membership-level-name"),
        _row(t("Member price discount"), M.discount, "membership-discount"),
        _row(t("Points"), M.points, "membership-points"),
        _row(t("Paid"), M.paid, "membership-paid"),
        rx.cond(M.expires != "", _row(t("Valid until"), M.expires, "membership-expires")),
        _row(t("Identity"), M.identity_shown, "membership-identity"),
        rx.text(t("Privileges"), weight="medium", size="2"),
        rx.cond(M.privileges.length() > 0,
                rx.unordered_list(rx.foreach(M.privileges, lambda p: rx.list_item(p, size="2")), id="membership-privileges"),
                rx.text(t("Member prices only."), size="2", color_scheme="gray")),
        spacing="2", width="100%", align="stretch",
    ), width="100%", max_width="32em")


def holder_type_form() -> rx.Component:
    return rx.form(rx.vstack(
        rx.heading(t("How you take part"), size="3"),
        rx.text(t("Other cardholders of your community see this next to your name."), size="2", color_scheme="gray"),
        _select(t("Cardholder type"), "my-holder-type", "holder_type", M.holder_types, value=M.holder_type,
                on_change=M.set_holder_type),
        rx.button(t("Save type"), type="submit", disabled=M.busy),
        spacing="2", width="100%", max_width="32em", align="start",
    ), on_submit=M.set_type, reset_on_submit=False)


def levels() -> rx.Component:
    up = rx.foreach(M.ups, lambda o: confirm_button(
        rx.button(tf("Move up to {level}: pay {pay}", level=o["name"], pay=o["pay"]), variant="soft", disabled=M.busy),
        tf("Move up to {level}?", level=o["name"]),
        tf("You pay the difference, {pay}, by card; the new level starts when it is paid.", pay=o["pay"]),
        t("Continue to payment"), M.upgrade(o["id"])))
    down = rx.foreach(M.downs, lambda o: confirm_button(
        rx.button(tf("Move down to {level}", level=o["name"]), variant="soft", color_scheme="gray", disabled=M.busy),
        tf("Move down to {level}?", level=o["name"]), M.downgrade_note, t("Move down"), M.downgrade(o["id"]),
        color_scheme="orange"))
    return rx.cond((M.ups.length() > 0) | (M.downs.length() > 0), rx.vstack(
        rx.heading(t("Change level"), size="3"),
        rx.hstack(up, down, wrap="wrap", spacing="2"),
        rx.text(M.downgrade_note, size="1", color_scheme="gray"),
        spacing="2", width="100%"))


def directory() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Cardholders of your community"), size="3"),
        rx.cond(M.directory.length() > 0, rx.table.root(
            rx.table.header(rx.table.row(rx.table.column_header_cell(t("Name")), rx.table.column_header_cell(t("Level")),
                                         rx.table.column_header_cell(t("Type")))),
            rx.table.body(rx.foreach(M.directory, lambda r: rx.table.row(
                rx.table.cell(r["name"]), rx.table.cell(r["level"]), rx.table.cell(r["type"])))),
            width="100%", id="membership-directory"),
            rx.text(t("No other cardholders in your community yet."), size="2", color_scheme="gray")),
        spacing="2", width="100%", max_width="40em")


def _identity_fields(prefix: str) -> rx.Component:
    return rx.fragment(
        _select(t("Identity kind"), f"{prefix}-identity-kind", "identity_kind", M.kinds),
        _input(t("Identity number"), f"{prefix}-identity-value", "identity_value", max_length=40,
              hint=t("Your national ID or mobile number, as the kind says. One active card per identity.")),
        _select(t("Cardholder type"), f"{prefix}-holder-type", "holder_type", M.holder_types),
    )


def get_a_card() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Activate a membership card"), size="3"),
        rx.form(rx.vstack(
            _input(t("Card number"), "activate-card-number", "card_number", max_length=20, input_mode="numeric"),
            _input(t("Activation code"), "activate-card-code", "card_code", max_length=20, auto_complete="off",
                  hint=t("Five wrong codes lock the card for 15 minutes.")),
            _identity_fields("activate"),
            submit_button(t("Activate card"), M.busy, id="activate-submit"),
            spacing="3", width="100%"), on_submit=M.activate, reset_on_submit=False, width="100%"),
        rx.cond(M.buy_levels.length() > 0, rx.vstack(
            rx.heading(t("Or buy a card online"), size="3", margin_top="1em"),
            rx.form(rx.vstack(
                _select(t("Programme and level"), "buy-level", "level_id", M.buy_levels),
                _identity_fields("buy"),
                submit_button(t("Buy card"), M.busy, id="buy-submit"),
                spacing="3", width="100%"), on_submit=M.buy, reset_on_submit=False, width="100%"),
            width="100%")),
        spacing="3", width="100%", max_width="32em")


def pay_fee() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(tf("{what}: {amount}", what=M.pay_what, amount=M.pay_amount), size="3", id="membership-fee"),
        card_entry(rx.vstack(
            rx.text(t("Demo payment: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined. The card is yours "
                      "only once the fee is paid."), size="2", color_scheme="gray"),
            _input(t("Payment card number"), "fee-card-number", "card_number", auto_complete="cc-number",
                  input_mode="numeric", max_length=23),
            _input(t("Expiry (MM / YY)"), "fee-card-expiry", "expiry", auto_complete="cc-exp", max_length=7),
            _input("CVC", "fee-card-cvc", "cvc", auto_complete="cc-csc", input_mode="numeric", max_length=4),
            spacing="3", width="100%")),
        submit_button(tf("Pay {amount}", amount=M.pay_amount), M.busy, id="fee-pay"),
        rx.button(t("Not now"), type="button", variant="ghost", on_click=M.cancel_pay),
        spacing="3", width="100%"), on_submit=M.pay, reset_on_submit=False), width="100%", max_width="32em")


def membership_section() -> rx.Component:
    return rx.vstack(
        error_callout(M.error),
        notice_callout(M.notice),
        rx.cond(M.pay_id > 0, pay_fee()),
        rx.cond(M.has_card, rx.vstack(the_card(), holder_type_form(), levels(), directory(), spacing="5", width="100%"),
                get_a_card()),
        spacing="4", width="100%")
