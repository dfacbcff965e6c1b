"""Merchant: the shop's own promotions, shown as a banner with its products on residents' home pages."""

import reflex as rx

from components.area_page import area_page
from components.common import confirm_button, empty_state, field, page_header
from components.i18n import t, tf
from components.shells import merchant_shell
from components.tables import table_or_empty
from state.merchant.promotions import MerchantPromotionsState as S


def _form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("New promotion"), size="4", as_="h2"),
        rx.flex(field(t("Promotion name"), "title", placeholder=t("Bread week"), max_length=80),
                field(t("Banner text (optional)"), "banner", required=False, max_length=200),
                gap="3", width="100%", wrap="wrap"),
        rx.flex(field(t("First day"), "starts", type="date"), field(t("Last day"), "ends", type="date"),
                gap="3", width="100%", wrap="wrap"),
        rx.text(t("Products in the promotion"), size="2", weight="medium"),
        rx.cond(S.products.length() == 0, rx.text(t("Add products first."), size="2", color_scheme="gray"),
                rx.flex(rx.foreach(S.products, lambda p: rx.checkbox(
                    p["name"], checked=S.picked.contains(p["id"]), on_change=lambda on: S.toggle(p["id"], on))),
                    gap="3", wrap="wrap")),
        rx.button(t("Save promotion"), type="submit", id="merchant-promotion-create", disabled=S.busy),
        width="100%"), on_submit=S.create, reset_on_submit=True), width="100%")


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(row["title"], weight="medium"), rx.text(row["banner"], size="1"), spacing="0")),
        rx.table.cell(row["dates"]), rx.table.cell(row["status"]),
        rx.table.cell(rx.cond(row["live"] == "1", confirm_button(
            rx.button(t("End"), size="1", variant="soft", color_scheme="red", aria_label=tf("End {title}", title=row["title"])),
            tf("End {title}?", title=row["title"]), t("Its banner leaves residents' home pages now."), t("End"),
            S.end(row["id"]), color_scheme="red"))))


@area_page("/merchant/promotions", "Promotions · Merchant · Community Hub", "merchant", S.load)
def merchant_promotions() -> rx.Component:
    return merchant_shell(
        page_header(t("Promotions"), t("Your own campaign: a banner with your products on the home page of the "
                                       "communities around your shop. For the home carousel, buy an ad slot."),
                    error=S.error, notice=S.notice),
        _form(),
        table_or_empty(S.rows, empty_state("megaphone", t("No promotions yet"), t("Create one above.")),
                       (t("Promotion"), t("Dates"), t("Status"), ""), _row, id="merchant-promotions", margin_top="1em"),
    )
