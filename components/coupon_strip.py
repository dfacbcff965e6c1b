"""The platform coupons a resident may collect, as a strip of cards with a Collect button (the
home page and shop pages show it; /me/coupons lists them too)."""

import reflex as rx

from components.common import error_callout, notice_callout
from components.i18n import t, tf


def coupon_card(o, on_collect) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.icon("ticket-percent", size=18), rx.text(o["name"], weight="bold"), align="center"),
        rx.text(o["terms"], size="2"),
        rx.cond(o["until"] != "", rx.text(tf("Until {day}", day=o["until"]), size="1", color_scheme="gray")),
        rx.cond(o["can"] == "1",
                rx.button(t("Collect"), size="2", on_click=on_collect(o["id"]),
                          aria_label=tf("Collect {name}", name=o["name"])),
                rx.badge(rx.cond(o["had"] == "1", t("Collected"), t("All collected")), color_scheme="green")),
        spacing="1"), class_name="coupon-offer", min_width="14em")


def coupon_strip(state, heading_id: str = "coupons-to-collect") -> rx.Component:
    """Nothing at all when nothing is offered (a page full of empty strips helps nobody)."""
    return rx.cond(state.offers.length() > 0, rx.vstack(
        rx.hstack(rx.heading(t("Coupons for you"), size="4", as_="h2", id=heading_id), rx.spacer(),
                  rx.link(t("My coupons"), href="/me/coupons", size="2"), width="100%", align="center"),
        error_callout(state.error), notice_callout(state.notice),
        rx.flex(rx.foreach(state.offers, lambda o: coupon_card(o, state.collect)), gap="3", wrap="wrap"),
        spacing="2", width="100%", margin_top="1em", aria_labelledby=heading_id))
