"""Merchant: buy ad slots — slots with their price per day, book dates with a text or image ad,
pay by card or with the shop's points; the merchant's bookings with their status, refunds and clicks."""

import reflex as rx

from components.area_page import area_page
from components.card_entry import card_entry
from components.common import empty_state, form_label, page_header
from components.i18n import t, tf
from components.property_repairs import photo_picker
from components.shells import merchant_shell
from components.tables import cells, table_or_empty
from state.merchant.ads import AD_IMAGE_UPLOAD_ID
from state.merchant.ads import MerchantAdsState as S


def _label(text, html_for: str | None = None) -> rx.Component:
    """A field's name; with `html_for`, a real <label> that names the field for screen readers."""
    return form_label(text, html_for=html_for) if html_for else rx.text(text, size="2", weight="medium")


def _slots() -> rx.Component:
    return table_or_empty(S.slots, empty_state("megaphone", t("No ad slots for sale"),
                                               t("The property offices have not opened any yet.")),
                          (t("Slot"), t("Community"), t("Where"), t("Price per day"), t("Points per day")),
                          cells("name", "community", "placement", "price", "points"), id="ad-slots")


def _book() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Book an ad"), size="4"),
        rx.hstack(
            rx.vstack(_label(t("Slot")), rx.select.root(
                rx.select.trigger(placeholder=t("Choose a slot"), id="book-slot", aria_label=t("Slot")),
                rx.select.content(rx.foreach(S.slots, lambda s: rx.select.item(s["label"], value=s["id"]))),
                value=S.slot_id, on_change=lambda v: S.set_value("slot_id", v)), spacing="1"),
            rx.vstack(_label(t("Ad"), "book-kind"), rx.select(["text", "image"], value=S.kind, id="book-kind",
                                              on_change=lambda v: S.set_value("kind", v)), spacing="1"),
            rx.vstack(_label(t("First day"), "book-from"), rx.input(type="date", value=S.starts, id="book-from",
                                                    on_change=lambda v: S.set_value("starts", v)), spacing="1"),
            rx.vstack(_label(t("Last day"), "book-to"), rx.input(type="date", value=S.ends, id="book-to",
                                                   on_change=lambda v: S.set_value("ends", v)), spacing="1"),
            wrap="wrap", spacing="3"),
        _label(rx.cond(S.kind == "image", t("Caption (optional)"), t("Ad text"))),
        rx.input(value=S.text, on_change=lambda v: S.set_value("text", v), width="100%", id="book-text",
                 placeholder=t("Fresh bread every morning")),
        _label(t("Link (optional)")),
        rx.input(value=S.link, on_change=lambda v: S.set_value("link", v), width="100%", id="book-link",
                 placeholder="https://"),
        rx.cond(S.kind == "image", photo_picker(AD_IMAGE_UPLOAD_ID, t("Ad image"))),
        _label(t("Pay with")),
        rx.radio_group.root(rx.hstack(
            rx.radio_group.item(value="card", id="pay-card", aria_label=t("Card")), rx.text(t("Card"), size="2"),
            rx.radio_group.item(value="points", id="pay-points", aria_label=t("Points")),
            rx.text(tf("Points ({balance} available)", balance=S.points_balance), size="2"), spacing="2", align="center"),
            value=S.pay_with, on_change=lambda v: S.set_value("pay_with", v), id="book-pay-with"),
        rx.cond(S.pay_with == "card", rx.vstack(
            card_entry(rx.vstack(
                _label(t("Card number")),
                rx.input(value=S.card, on_change=lambda v: S.set_value("card", v), id="book-card",
                         placeholder="4242 4242 4242 4242", auto_complete="cc-number", width="16em"),
                spacing="1")),
            rx.text(t("The dates are held for 30 minutes until paid."), size="1", color_scheme="gray"), spacing="1"),
            rx.text(t("The points are taken from the shop's balance when you book; the ad is scheduled at once."),
                    size="1", color_scheme="gray")),
        rx.button(rx.cond(S.busy, rx.spinner(size="2"), rx.fragment()), t("Book and pay"), disabled=S.busy,
                  id="book-pay", on_click=S.book(rx.upload_files(upload_id=AD_IMAGE_UPLOAD_ID))),
        spacing="2", width="100%"), width="100%", margin_top="1em")


def _row_actions(b) -> rx.Component:
    return rx.cond(
        b["pending"] != "",
        rx.hstack(rx.button(t("Pay"), size="1", disabled=S.busy, on_click=S.pay(b["id"])),
                  rx.button(t("Cancel"), size="1", variant="soft", color_scheme="red", on_click=S.cancel(b["id"])),
                  spacing="2"),
        rx.cond(b["paid"] != "",
                rx.button(rx.cond(S.confirm_id == b["id"], t("Yes, cancel and refund"), t("Cancel")), size="1",
                          variant=rx.cond(S.confirm_id == b["id"], "solid", "soft"), color_scheme="red",
                          on_click=S.cancel(b["id"]))))


def _bookings() -> rx.Component:
    return table_or_empty(S.bookings, rx.text(t("No bookings yet."), color_scheme="gray"),
                          ("#", t("Slot"), t("Dates"), t("Price"), t("Status"), t("Refund"), t("Clicks"), ""), lambda b: rx.table.row(
                              rx.table.cell(b["id"]), rx.table.cell(b["slot"]), rx.table.cell(b["dates"]),
                              rx.table.cell(b["price"]), rx.table.cell(b["status"]), rx.table.cell(b["refund"]),
                              rx.table.cell(b["clicks"]), rx.table.cell(_row_actions(b)),
                              class_name="ad-booking-row"),
                          id="ad-bookings")


def _points() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(t("Points"), size="4"), rx.badge(tf("{count} points", count=S.points_balance), size="2", id="points-balance"),
                  align="center", spacing="3"),
        rx.text(t("Points are granted by the platform (promotions) and buy ad slots priced in points. "
                  "A cancelled points booking gives its points back."), size="1", color_scheme="gray"),
        rx.cond(S.points_moves.length() == 0, rx.text(t("No points movements yet."), size="2", color_scheme="gray"),
                rx.table.root(rx.table.body(rx.foreach(S.points_moves, lambda m: rx.table.row(
                    rx.table.cell(m["at"]), rx.table.cell(m["what"]), rx.table.cell(m["points"]),
                    rx.table.cell(m["memo"])))), size="1", width="100%", id="points-moves")),
        spacing="2", width="100%"), width="100%", margin_top="1em")


@area_page("/merchant/ads", "Ads · Merchant · Community Hub", "merchant", S.load)
def merchant_ads() -> rx.Component:
    return merchant_shell(
        page_header(t("Ads"), t("Show your shop on the community's screens: pick a slot and dates, pay by card or points."),
                    error=S.error, notice=S.notice),
        _slots(),
        _book(),
        rx.heading(t("Your bookings"), size="4", margin_top="1em"),
        _bookings(),
        _points(),
    )
