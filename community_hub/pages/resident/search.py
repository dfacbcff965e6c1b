"""/search: find products and shops in the resident's 10-minute circle."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, page_title, pager
from components.i18n import t, tf
from components.shells import resident_shell
from components.shop_cards import product_grid, shop_card
from state.resident.search import ShopSearchState
from state.resident.shop_actions import ShopActionsState


def _filters() -> rx.Component:
    return rx.vstack(
        rx.form(
            rx.hstack(
                rx.input(name="q", id="search-input", placeholder=t("Milk, croissant, plasters…"), default_value=ShopSearchState.q,
                         width="100%", size="3"),
                rx.button(rx.icon("search", size=16), t("Search"), type="submit", size="3", id="search-submit"),
                width="100%",
            ),
            rx.hstack(
                rx.input(name="min_price", placeholder=t("Min $"), width="6em", id="min-price"),
                rx.input(name="max_price", placeholder=t("Max $"), width="6em", id="max-price"),
                rx.text(t("Prices apply when you search"), size="1", color_scheme="gray"),
                align="center", spacing="2", margin_top="0.5em",
            ),
            on_submit=ShopSearchState.submit, width="100%",
        ),
        rx.hstack(
            rx.select.root(
                rx.select.trigger(placeholder=t("Category"), id="filter-category", aria_label=t("Category")),
                rx.select.content(rx.select.item(t("All categories"), value="all"),
                                  rx.foreach(ShopSearchState.categories,
                                             lambda c: rx.select.item(c["name"], value=c["slug"]))),
                value=rx.cond(ShopSearchState.category == "", "all", ShopSearchState.category),
                on_change=ShopSearchState.set_category,
            ),
            rx.select.root(
                rx.select.trigger(placeholder=t("Rating"), id="filter-rating", aria_label=t("Rating")),
                rx.select.content(rx.select.item(t("Any rating"), value="any"), rx.select.item(t("3 ★ and up"), value="3"),
                                  rx.select.item(t("4 ★ and up"), value="4"), rx.select.item(t("4.5 ★ and up"), value="4.5")),
                value=rx.cond(ShopSearchState.min_rating == "", "any", ShopSearchState.min_rating),
                on_change=ShopSearchState.set_min_rating,
            ),
            rx.select.root(
                rx.select.trigger(id="filter-sort", aria_label=t("Sort by")),
                rx.select.content(rx.select.item(t("Best match"), value="relevance"),
                                  rx.select.item(t("Price: low to high"), value="price_asc"),
                                  rx.select.item(t("Price: high to low"), value="price_desc"),
                                  rx.select.item(t("Newest"), value="newest")),
                value=ShopSearchState.sort, on_change=ShopSearchState.set_sort,
            ),
            rx.checkbox(t("In stock only"), checked=ShopSearchState.in_stock, on_change=ShopSearchState.set_in_stock,
                        id="filter-in-stock"),
            wrap="wrap", spacing="3", align="center",
        ),
        width="100%", spacing="2", margin_bottom="1em",
    )


@area_page("/search", "Search · Community Hub", "resident", ShopSearchState.load, ShopActionsState.load)
def resident_search() -> rx.Component:
    return resident_shell(
        rx.hstack(rx.link(t("← Shops"), href="/shop"), rx.spacer(),
                  rx.link(tf("Cart ({count})", count=ShopActionsState.cart_items), href="/cart", id="cart-link"), width="100%"),
        page_title(t("Search nearby")),
        _filters(),
        error_callout(ShopSearchState.error),
        rx.cond(ShopSearchState.shops.length() > 0,
                rx.vstack(rx.heading(t("Shops"), size="4"), rx.foreach(ShopSearchState.shops, shop_card),
                          width="100%", spacing="2", margin_bottom="1em")),
        rx.cond(
            ShopSearchState.total == 0,
            empty_state("search", t("Nothing found"), t("Try another word or fewer filters.")),
            rx.vstack(
                rx.text(rx.cond(ShopSearchState.total == 1, t("1 product"), tf("{count} products", count=ShopSearchState.total)),
                        size="2", color_scheme="gray", id="search-total"),
                product_grid(ShopSearchState.products),
                pager(ShopSearchState.page, ShopSearchState.pages, ShopSearchState.goto),
                width="100%", id="search-results",
            ),
        ),
    )
