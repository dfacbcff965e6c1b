"""The resident's home: the day at a glance — bills due, orders on their way, open repairs, the
next event, the member card and the shops of the circle (urgent notices show above, from the shell)."""

import reflex as rx

from components.area_page import area_page
from components.common import error_callout, page_header
from components.coupon_strip import coupon_strip
from components.household_card import household_card
from components.i18n import t, tf
from components.property_ads import ad_strip
from components.shells import resident_shell
from components.shop_cards import product_grid
from state.property.ads import ResidentAdsState
from state.resident.coupons import CouponOffersState
from state.resident.home import ResidentDayState as D
from state.resident.home_promotions import HomePromotionsState as P
from state.resident.household import HouseholdState
from state.resident.shop_actions import ShopActionsState
from state.shared.dashboards import ResidentHomeState
from state.shared.session import SessionState


def _tile(icon: str, title, body: rx.Component, link_text, href: str, tile_id: str) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.icon(icon, size=18), rx.heading(title, size="3", as_="h2"), align="center"),
        body,
        rx.link(link_text, href=href, size="2"),
        spacing="2", width="100%"), width="100%", id=tile_id)


def _quiet(text) -> rx.Component:
    return rx.text(text, size="2", color_scheme="gray")


def _bills() -> rx.Component:
    return _tile("receipt", t("Bills"), rx.cond(
        D.bills_due > 0,
        rx.text(rx.text.strong(D.bills_due_total), rx.cond(
            D.bills_due == 1, t(" due on 1 bill"), tf(" due on {count} bills", count=D.bills_due)), size="3"),
        _quiet(t("Nothing to pay. Thank you!"))), rx.cond(D.bills_due > 0, t("Pay bills"), t("See bills")), "/bills",
        "home-bills")


def _orders() -> rx.Component:
    return _tile("package", t("Orders on their way"), rx.cond(
        D.orders.length() > 0,
        rx.vstack(rx.foreach(D.orders, lambda o: rx.link(
            rx.hstack(rx.text(o["shop"], weight="medium"), rx.spacer(), rx.badge(o["label"]), width="100%"),
            href="/orders/" + o["id"], underline="none", color="inherit", width="100%")), spacing="1", width="100%"),
        _quiet(t("No orders on their way."))), t("All orders"), "/orders", "home-orders")


def _repairs() -> rx.Component:
    return _tile("wrench", t("Repairs"), rx.cond(
        D.repairs.length() > 0,
        rx.vstack(rx.foreach(D.repairs, lambda r: rx.link(
            rx.hstack(rx.text(r["what"], weight="medium"), rx.spacer(), rx.badge(r["status"], color_scheme="orange"),
                      width="100%"),
            href="/repairs/" + r["id"], underline="none", color="inherit", width="100%")), spacing="1", width="100%"),
        _quiet(t("Nothing open."))), t("Report a problem"), "/repairs", "home-repairs")


def _event() -> rx.Component:
    return _tile("calendar", t("Next event"), rx.cond(
        D.next_event.contains("title"),
        rx.vstack(rx.text(D.next_event["title"], weight="medium"),
                  rx.text(D.next_event["when"], " · ", D.next_event["location"], size="2", color_scheme="gray"),
                  spacing="0"),
        _quiet(t("No events planned yet."))), t("Events and polls"), "/community", "home-event")


def _card() -> rx.Component:
    return _tile("id-card", t("Member card"), _quiet(t("Show it at the lobby kiosk to log in and pay.")),
                 t("Open my card"), "/me/card", "home-member-card")


def _shops() -> rx.Component:
    return _tile("store", t("Shops nearby"), rx.cond(
        D.shops.length() > 0,
        rx.flex(rx.foreach(D.shops, lambda s: rx.link(
            rx.badge(s["name"], " · ", tf("{minutes} min", minutes=s["minutes"]), size="2", variant="surface"),
            href="/shop/" + s["slug"], underline="none")), wrap="wrap", gap="2"),
        _quiet(t("No shops within a 10-minute walk yet."))), t("Shop nearby"), "/shop", "home-shops")


def _banner(b) -> rx.Component:
    """A running campaign: the platform's or a shop's, with its products and shops."""
    return rx.card(rx.vstack(
        rx.hstack(rx.icon("megaphone", size=18), rx.heading(b.title, size="4", as_="h2"),
                  rx.cond(b.shop != "", rx.badge(b.shop, variant="surface")), rx.spacer(),
                  rx.text(b.until, size="1", color_scheme="gray"), align="center", width="100%", wrap="wrap"),
        rx.cond(b.banner != "", rx.text(b.banner, size="3")),
        rx.cond(b.shops.length() > 0, rx.flex(rx.foreach(b.shops, lambda m: rx.link(
            rx.badge(m["name"], size="2", variant="soft"), href="/shop/" + m["slug"], underline="none")),
            gap="2", wrap="wrap")),
        rx.cond(b.products.length() > 0, product_grid(b.products)),
        spacing="2", width="100%"), width="100%", class_name="promotion-banner",
        background="linear-gradient(135deg, var(--accent-3), var(--accent-1))")


def _strip(group) -> rx.Component:
    return rx.vstack(rx.heading(group.title, size="4", as_="h2"), product_grid(group.products), width="100%",
                     spacing="2", class_name="home-strip")


def _marketplace() -> rx.Component:
    """Campaigns, coupons to collect, the paid carousel and the lists admins curate (issue 18)."""
    return rx.vstack(
        rx.foreach(P.banners, _banner),
        coupon_strip(CouponOffersState),
        ad_strip(),
        rx.foreach(P.strips, _strip),
        spacing="4", width="100%", margin_top="1.5em", id="home-marketplace")


@area_page("/home", "Home · Community Hub", "resident", ResidentHomeState.load, HouseholdState.load, D.load,
           P.load, CouponOffersState.load, ShopActionsState.load, ResidentAdsState.load("home_carousel"))
def resident_home() -> rx.Component:
    return resident_shell(
        page_header(tf("Hello, {name}", name=SessionState.user_name), ResidentHomeState.community,
                    error=ResidentHomeState.error),
        error_callout(D.error),
        household_card(),
        rx.grid(_bills(), _orders(), _repairs(), _event(), _card(), _shops(),
                columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="3", margin_top="1em", width="100%",
                id="resident-home"),
        _marketplace(),
    )
