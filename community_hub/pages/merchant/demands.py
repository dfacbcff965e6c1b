"""Merchant: residents' requests the shop can quote on, and the quote form."""

import reflex as rx

from components.area_page import area_page
from components.common import (
    empty_state,
    field,
    page_header,
)
from components.i18n import t, tf
from components.shells import merchant_shell
from state.merchant.demands import MerchantDemandsState as St


def _demand(row: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(row["title"], size="4"), rx.badge(row["category"]), rx.badge(rx.match(row["fulfilment"], ("delivery", t("delivery")), ("pickup", t("pickup")),
                                                                    row["fulfilment"]), variant="outline")),
        rx.cond(row["description"] != "", rx.text(row["description"], size="2")),
        rx.text(tf("Budget: {budget} · needed by {needed_by} · open until {expires}", budget=row["budget"],
                   needed_by=row["needed_by"], expires=row["expires"]),
                size="1", color_scheme="gray"),
        rx.cond(St.quoting_id == row["id"],
                rx.form(rx.vstack(
                    rx.hstack(field(t("Price (e.g. 12.00)"), "price"), field(t("Valid for (hours)"), "valid_hours",
                                                                          default_value="24"),
                              field(t("Deliver by (optional)"), "delivery_by", type="date", required=False), width="100%"),
                    field(t("Note (optional)"), "note", required=False),
                    rx.hstack(rx.button(t("Send quote"), type="submit", id="quote-send", disabled=St.busy),
                              rx.button(t("Cancel"), type="button", variant="soft", on_click=St.close_quote)),
                    width="100%"), on_submit=St.send_quote, width="100%"),
                rx.button(t("Send a quote"), id="quote-" + row["id"], on_click=St.start_quote(row))),
        spacing="2", width="100%"), width="100%", id="demand-" + row["id"])


@area_page("/merchant/demands", "Requests · Community Hub", "merchant", St.load)
def merchant_demands() -> rx.Component:
    return merchant_shell(
        page_header(t("Requests"), t("Residents nearby asking for something in your category."),
                    error=St.error, notice=St.notice),
        rx.cond(St.rows.length() == 0,
                empty_state("megaphone", t("No open requests"), t("Requests from residents in your circle appear here.")),
                rx.vstack(rx.foreach(St.rows, _demand), width="100%", spacing="3")),
    )
