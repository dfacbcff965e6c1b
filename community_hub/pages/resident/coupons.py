"""/me/coupons: "My coupons" — the platform coupons the resident collected (ready to use, used on
which order, expired) and the ones they may still collect (issue 18)."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.coupon_strip import coupon_card
from components.i18n import t, tf
from components.shells import resident_shell
from state.resident.coupons import MyCouponsState as S


def _mine(m) -> rx.Component:
    return rx.card(rx.hstack(
        rx.vstack(rx.text(m["name"], weight="bold"), rx.text(m["terms"], size="2"),
                  rx.cond(m["until"] != "", rx.text(tf("Until {day}", day=m["until"]), size="1", color_scheme="gray")),
                  spacing="1"),
        rx.spacer(),
        rx.vstack(rx.badge(m["status_text"], color_scheme=rx.match(m["status"], ("usable", "green"), ("used", "blue"),
                                                                   "gray")),
                  rx.cond(m["order"] != "", rx.link(tf("Saved {amount} on order #{id}", amount=m["saved"], id=m["order"]),
                                                    href="/orders/" + m["order"], size="2")),
                  align="end", spacing="1"),
        width="100%", align="center"), width="100%", class_name="my-coupon")


@area_page("/me/coupons", "My coupons · Community Hub", "resident", S.load)
def resident_coupons() -> rx.Component:
    return resident_shell(
        page_header(t("My coupons"), t("Coupons the platform pays for: choose one at checkout (the best one is "
                                       "chosen for you), on top of a shop's own coupon."), error=S.error, notice=S.notice),
        rx.cond(S.mine.length() == 0,
                empty_state("ticket-percent", t("No coupons yet"), t("Collect coupons on your home page or a shop page.")),
                rx.vstack(rx.foreach(S.mine, _mine), spacing="2", width="100%", id="my-coupons")),
        rx.cond(S.offers.length() > 0, rx.vstack(
            rx.heading(t("To collect"), size="4", as_="h2"),
            rx.flex(rx.foreach(S.offers, lambda o: coupon_card(o, S.collect)), gap="3", wrap="wrap"),
            spacing="2", width="100%", margin_top="1.5em")),
    )
