"""The resident's marketplace: /shop (the 10-minute circle, featured products) and /shop/[slug]."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, notice_callout, page_title
from components.coupon_strip import coupon_strip
from components.hub_map import hub_map
from components.i18n import t, tf
from components.link_button import link_button
from components.seo_editor import seo_editor
from components.shells import resident_shell
from components.shop_cards import chip, product_card_in_shop, product_grid, shop_card
from components.site_shell import site_shell
from state.resident.circle import ShopCircleState
from state.resident.coupons import CouponOffersState
from state.resident.shop_actions import ShopActionsState
from state.resident.shop_page import ShopPageState
from state.shared.map_source import MapSourceState
from state.shared.session import SessionState


def _shop_tools() -> rx.Component:
    return rx.hstack(
        link_button(rx.icon("search", size=16), t("Search"), variant="soft", href="/search"),
        link_button(rx.icon("shopping-cart", size=16), tf("Cart ({count})", count=ShopActionsState.cart_items),
                    variant="soft", id="cart-link", href="/cart"),
        link_button(rx.icon("megaphone", size=16), t("Ask the shops"), variant="soft", href="/demands"),
        spacing="2", wrap="wrap", margin_bottom="1em",
    )


def _circle_map() -> rx.Component:
    """The walking circle on a real map: the community and every listed shop labelled; tapping a
    shop opens it. Beside the list on a wide screen, above it on a phone."""
    return rx.vstack(
        hub_map(lat=ShopCircleState.center_lat, lon=ShopCircleState.center_lon, radius_m=ShopCircleState.radius_m,
                markers=ShopCircleState.markers, tile_url=MapSourceState.tile_url,
                attribution=MapSourceState.attribution, on_open_shop=ShopCircleState.open_shop,
                label=t("Map of the shops within a 10-minute walk"), id="circle-map",
                width="100%", height=rx.breakpoints(initial="360px", md="480px")),
        rx.text(t("The dashed circle is a 10-minute walk. Tap a shop on the map to open it."),
                size="1", color_scheme="gray"),
        width="100%", spacing="1",
    )


def _feed_strip(group) -> rx.Component:
    return rx.vstack(rx.heading(group.title, size="4"), product_grid(group.products), width="100%", spacing="2")


@area_page("/shop", "Shop nearby · Community Hub", "resident", ShopCircleState.load, ShopActionsState.load,
           MapSourceState.load)
def resident_shop() -> rx.Component:
    return resident_shell(
        page_title(t("Shop nearby"), tf("Shops within a 10-minute walk of {community}, nearest first.",
                                          community=ShopCircleState.community)),
        _shop_tools(),
        error_callout(ShopCircleState.error),
        notice_callout(ShopCircleState.notice),
        rx.hstack(
            chip(t("All"), ShopCircleState.category == "", ShopCircleState.pick_category(""), id="category-all"),
            rx.foreach(ShopCircleState.categories, lambda c: chip(
                c, ShopCircleState.category == c, ShopCircleState.pick_category(c), id="category-" + c)),
            wrap="wrap", spacing="2", margin_bottom="1em", id="category-chips",
        ),
        rx.cond(
            ShopCircleState.shops.length() == 0,
            rx.cond(~ShopCircleState.loading,
                    empty_state("store", t("No shops in your circle"),
                                t("No approved shop is within a 10-minute walk yet (or in this category)."))),
            rx.grid(
                _circle_map(),
                rx.vstack(rx.foreach(ShopCircleState.shops, shop_card), spacing="2", width="100%", id="circle-list"),
                columns=rx.breakpoints(initial="1", md="3fr 2fr"), spacing="4", width="100%",
            ),
        ),
        rx.vstack(rx.foreach(ShopCircleState.feed, _feed_strip), spacing="5", width="100%", margin_top="2em"),
        rx.cond(
            (ShopCircleState.saved_shops.length() > 0) | (ShopCircleState.saved_products.length() > 0),
            rx.vstack(
                rx.heading(t("Your favourites"), size="5"),
                rx.foreach(ShopCircleState.saved_shops, shop_card),
                product_grid(ShopCircleState.saved_products),
                width="100%", spacing="2", margin_top="2em", id="favourites",
            ),
        ),
    )


def _shop_header() -> rx.Component:
    s = ShopPageState.shop
    return rx.vstack(
        rx.cond(s["banner"] != "", rx.image(src=s["banner"], alt=tf("{name} banner", name=s["name"]), id="shop-banner", width="100%",
                                            max_height="180px", object_fit="cover", border_radius="8px")),
        rx.hstack(
            rx.cond(s["logo"] != "", rx.image(src=s["logo"], alt=tf("{name} logo", name=s["name"]), id="shop-logo", width="64px",
                                              height="64px", object_fit="cover", border_radius="8px")),
            rx.vstack(rx.heading(s["name"], size="7", id="shop-name"),
                      rx.text(s["category"], " · ", s["address"], color_scheme="gray", size="2"), spacing="1"),
            rx.spacer(),
            rx.icon_button(rx.icon("heart", size=18, fill=rx.cond(ShopActionsState.fav_shops.contains(s["id"]),
                                                                 "currentColor", "none")),
                           variant="ghost", color_scheme="red", aria_label=t("Save shop"), id="fav-shop",
                           on_click=ShopActionsState.toggle_shop(s["id"])),
            width="100%", align="center",
        ),
        rx.cond(s["description"] != "", rx.text(s["description"])),
        rx.hstack(
            rx.badge(s["open"], color_scheme=rx.cond(s["is_open"] != "", "green", "red"), id="shop-open"),
            rx.badge(s["rating"], color_scheme="amber"),
            rx.badge(s["pickup"], color_scheme="blue"),
            wrap="wrap", spacing="2",
        ),
        rx.text(s["radius"], " · ", s["fee"], " · ", s["minimum"], size="2", id="shop-terms"),
        rx.cond(ShopPageState.hours.length() > 0,
                rx.text(t("Hours: "), rx.foreach(ShopPageState.hours, lambda h: rx.text.span(h, " ")), size="2"),
                rx.text(t("Hours: open whenever the shop is switched on."), size="2", color_scheme="gray")),
        spacing="2", width="100%", margin_bottom="1em",
    )


def _section(group) -> rx.Component:
    return rx.vstack(
        rx.heading(group.title, size="4"),
        rx.grid(rx.foreach(group.products, product_card_in_shop),
                columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="3", width="100%"),
        width="100%", spacing="2",
    )


# Public (issue 15): a visitor reads the shop without logging in, in the public site's shell; a
# resident keeps their own shell. Adding to the cart or saving the shop asks a visitor to log in
# and brings them back here (state/resident/shop_actions.py).
@area_page("/shop/[slug]", ShopPageState.seo_title, "public", ShopPageState.load, ShopActionsState.load,
           CouponOffersState.load,
           banner=True, description=ShopPageState.seo_description)
def resident_shop_page() -> rx.Component:
    return rx.cond(SessionState.roles.contains("resident"), resident_shell(*_shop_page_body()),
                   site_shell(ShopPageState.here, *_shop_page_body()))


def _shop_page_body() -> list[rx.Component]:
    return [
        rx.hstack(rx.cond(SessionState.logged_in, rx.link(t("← All shops"), href="/shop"),
                          # A visitor keeps the community they came from (/c/{slug}) as the way back.
                          rx.cond(ShopPageState.came_from != "",
                                  rx.link(t("← Back to the community"), href=ShopPageState.came_from, id="back-to-community"))),
                  rx.spacer(),
                  seo_editor("shop", ShopPageState.seo_ref),
                  rx.link(tf("Cart ({count})", count=ShopActionsState.cart_items), href="/cart", id="cart-link"),
                  width="100%", margin_bottom="0.5em", spacing="3"),
        error_callout(ShopPageState.error),
        rx.cond(
            ShopPageState.found,
            rx.vstack(
                _shop_header(),
                coupon_strip(CouponOffersState),  # platform coupons, usable here too (a resident's only)
                rx.vstack(rx.foreach(ShopPageState.sections, _section), spacing="5", width="100%"),
                rx.heading(t("Reviews"), size="4", margin_top="1em"),
                rx.cond(ShopPageState.review_rows.length() == 0,
                        rx.text(t("No reviews yet."), color_scheme="gray"),
                        rx.vstack(rx.foreach(ShopPageState.review_rows, lambda r: rx.card(
                            rx.text(r["rating"], " ", r["at"], size="2"), rx.text(r["text"]),
                            rx.hstack(rx.foreach(ShopPageState.review_photos[r["id"]], lambda src: rx.image(
                                src=src, alt=t("Photo with this review"), width="5em", height="5em",
                                object_fit="cover", border_radius="6px")), spacing="2", wrap="wrap",
                                class_name="review-photos"),
                            rx.cond(r["reply"] != "", rx.text(t("Shop: "), r["reply"], size="2", color_scheme="gray")),
                            width="100%")), width="100%")),
                width="100%", spacing="3",
            ),
        ),
    ]
