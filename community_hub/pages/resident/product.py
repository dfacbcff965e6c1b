"""/product/[product_id]: what tapping a product opens — photos, price, options, stock, the
description, Add to cart with a quantity, and the shop with its latest reviews."""

import reflex as rx

from components.area_page import area_page
from components.common import error_callout, form_label
from components.i18n import t, tf
from components.seo_editor import seo_editor
from components.shells import resident_shell
from components.site_shell import site_shell
from state.resident.product_page import ProductPageState as P
from state.resident.shop_actions import ShopActionsState
from state.shared.session import SessionState


def _photos() -> rx.Component:
    return rx.cond(P.shown_photo != "", rx.vstack(
        rx.image(src="/api/media/" + P.shown_photo, alt=P.product["name"], width="100%", max_height="360px",
                 object_fit="contain", border_radius="8px", id="product-main-photo"),
        rx.cond(P.photos.length() > 1, rx.hstack(rx.foreach(P.photos, lambda path, i: rx.el.button(
            rx.image(src="/api/media/" + path, alt=tf("Photo {n}", n=i + 1), width="56px", height="56px",
                     object_fit="cover", border_radius="6px"),
            on_click=P.show_photo(path), type="button", aria_label=tf("Show photo {n}", n=i + 1),
            style={"border": rx.cond(path == P.shown_photo, "2px solid var(--accent-9)", "2px solid transparent"),
                   "padding": "0", "background": "none", "cursor": "pointer"})), wrap="wrap", spacing="2")),
        width="100%", spacing="2"),
        rx.center(rx.icon("image", size=48, color=rx.color("gray", 8)), height="160px", width="100%",
                  background=rx.color("gray", 3), border_radius="8px"))


def _option_group(group) -> rx.Component:
    field_id = "option-" + group.name.replace(" ", "-").lower()
    return rx.vstack(
        form_label(group.name, html_for=field_id),
        rx.el.select(rx.foreach(group.choices, lambda c: rx.el.option(c["label"], value=c["id"])),
                     id=field_id, value=P.chosen[group.name], on_change=lambda v: P.choose(group.name, v),
                     style={"padding": "0.5em", "border_radius": "6px", "min_width": "12em",
                            "border": f"1px solid {rx.color('gray', 7)}", "background": rx.color("gray", 1)}),
        spacing="1")


def _buy() -> rx.Component:
    p = P.product
    return rx.vstack(
        rx.foreach(P.groups, _option_group),
        rx.hstack(
            rx.icon_button(rx.icon("minus", size=16), variant="soft", aria_label=t("One less"), on_click=P.fewer,
                           disabled=P.quantity <= 1),
            rx.text(P.quantity, id="product-qty", min_width="2em", text_align="center", aria_label=t("Quantity")),
            rx.icon_button(rx.icon("plus", size=16), variant="soft", aria_label=t("One more"), on_click=P.more),
            rx.cond(SessionState.logged_in,
                    rx.button(rx.cond(P.busy, rx.spinner(size="2"), rx.icon("shopping-cart", size=16)), t("Add to cart"),
                              size="3", on_click=P.add, disabled=P.busy | (p["sold_out"] != ""), id="product-add"),
                    # A visitor (the page is public): log in, then back to this product.
                    rx.link(rx.button(rx.icon("log-in", size=16), t("Log in to buy"), size="3"),
                            href="/login?next=" + P.here, id="login-to-buy")),
            align="center", spacing="3", wrap="wrap"),
        spacing="3", width="100%")


def _reviews() -> rx.Component:
    return rx.vstack(
        rx.heading(tf("Reviews of {shop}", shop=P.product["shop"]), size="4", as_="h2"),
        rx.cond(P.review_rows.length() == 0, rx.text(t("No reviews yet."), color_scheme="gray"),
                rx.vstack(rx.foreach(P.review_rows, lambda r: rx.card(rx.vstack(
                    rx.hstack(rx.text(r["rating"], color_scheme="amber", aria_label=t("Rating")), rx.text(
                        r["at"], size="1", color_scheme="gray"), spacing="2"),
                    rx.text(r["text"], size="2"),
                    rx.cond(P.review_photos.contains(r["id"]), rx.hstack(rx.foreach(
                        P.review_photos[r["id"]], lambda src: rx.image(src=src, alt=t("Review photo"), width="64px",
                                                                       height="64px", object_fit="cover")),
                        wrap="wrap", spacing="2")),
                    rx.cond(r["reply"] != "", rx.text(t("Shop replied: "), r["reply"], size="2", color_scheme="gray")),
                    spacing="1"), width="100%", class_name="product-review")), width="100%", spacing="2")),
        width="100%", spacing="2", id="product-reviews")


# Public (issue 15): a visitor reads the product in the public site's shell; buying asks for a login.
@area_page("/product/[product_id]", P.title, "public", P.load, ShopActionsState.load, banner=True)
def resident_product_page() -> rx.Component:
    return rx.cond(SessionState.roles.contains("resident"), resident_shell(*_product_body()),
                   site_shell(P.here, *_product_body()))


def _product_body() -> list[rx.Component]:
    p = P.product
    return [
        rx.hstack(rx.cond(P.found, rx.link("← ", p["shop"], href="/shop/" + p["shop_slug"]),
                          rx.link(t("← All shops"), href="/shop")), rx.spacer(),
                  seo_editor("product", P.seo_ref),
                  rx.link(tf("Cart ({count})", count=ShopActionsState.cart_items), href="/cart", id="cart-link"),
                  width="100%", margin_bottom="0.5em", spacing="3"),
        error_callout(P.error),
        rx.cond(P.found, rx.vstack(
            rx.grid(
                _photos(),
                rx.vstack(
                    rx.heading(p["name"], size="6", as_="h1", id="product-name"),
                    rx.hstack(rx.text(p["price"], size="5", weight="bold", color_scheme="grass", id="product-price"),
                              rx.cond(p["compare"] != "", rx.text(p["compare"], color_scheme="gray",
                                                                  text_decoration="line-through")),
                              rx.cond(p["badges"] != "", rx.badge(p["badges"], color_scheme="orange")),
                              align="center", spacing="2", wrap="wrap"),
                    rx.text(rx.cond(p["stock"] != "", p["stock"], t("In stock")), size="2", id="product-stock",
                            color_scheme=rx.cond(p["sold_out"] != "", "red", "gray")),
                    rx.badge(p["open"], color_scheme=rx.cond(p["is_open"] != "", "green", "orange")),
                    _buy(),
                    spacing="3", width="100%"),
                columns=rx.breakpoints(initial="1", sm="2"), spacing="5", width="100%"),
            rx.cond(p["description"] != "", rx.text(p["description"], white_space="pre-wrap", id="product-description")),
            _reviews(),
            spacing="5", width="100%")),
    ]
