"""Cards of the resident's shopping screens: a product (add to cart, favourite), a shop in the
circle (its logo, or its initials), a category chip. The circle's map is components/hub_map.py."""

from __future__ import annotations

import reflex as rx

from components.i18n import t, tf
from state.resident.shop_actions import ShopActionsState


def _heart(on, on_click, label: str, **props) -> rx.Component:
    return rx.icon_button(rx.icon("heart", size=16, fill=rx.cond(on, "currentColor", "none")), size="1",
                          variant="ghost", color_scheme="red", on_click=on_click, aria_label=label, **props)


def product_card(row) -> rx.Component:
    """A product with its shop's name (lists across shops)."""
    return _product_card(row, show_shop=True)


def product_card_in_shop(row) -> rx.Component:
    """A product on its own shop's page (no shop link)."""
    return _product_card(row, show_shop=False)


def _product_card(row, show_shop: bool) -> rx.Component:
    pid = row["id"]
    return rx.card(
        rx.vstack(
            rx.cond(row["photo"] != "", rx.link(rx.image(
                src="/api/media/" + row["photo"], alt=row["name"], width="100%", height="140px", object_fit="cover",
                border_radius="6px", loading="lazy", class_name="product-photo"), href="/product/" + pid,
                tab_index=-1, width="100%")),  # the name below is the link keyboards and readers use
            rx.hstack(
                rx.link(rx.text(row["name"], weight="bold", size="3"), href="/product/" + pid, color="inherit",
                        class_name="product-link"),
                rx.spacer(),
                _heart(ShopActionsState.fav_products.contains(pid), ShopActionsState.toggle_product(pid),
                       t("Save product"), id=f"fav-product-{pid}"),
                width="100%", align="start",
            ),
            rx.cond(row["description"] != "", rx.text(row["description"], size="1", color_scheme="gray")),
            rx.hstack(
                rx.text(row["price"], weight="bold", color_scheme="grass"),
                rx.cond(row["compare"] != "", rx.text(row["compare"], size="1", color_scheme="gray",
                                                      text_decoration="line-through")),
                rx.cond(row["badges"] != "", rx.badge(row["badges"], color_scheme="orange")),
                align="center", spacing="2", wrap="wrap",
            ),
            *([rx.cond(row["shop"] != "", rx.link(row["shop"], href="/shop/" + row["shop_slug"], size="1"))]
              if show_shop else []),
            rx.hstack(
                rx.text(row["stock"], size="1", color_scheme=rx.cond(row["sold_out"] != "", "red", "gray")),
                rx.spacer(),
                rx.button(rx.cond(ShopActionsState.adding == pid, rx.spinner(size="1"), rx.icon("plus", size=14)),
                          t("Add"), size="1", id=f"add-{pid}", disabled=row["sold_out"] != "",
                          # Busy (aria-disabled), not disabled, while one is being added: a disabled
                          # button drops the keyboard's focus to the top of the page. A second press
                          # waits for the first (one event at a time per tab) and adds one more.
                          aria_disabled=ShopActionsState.adding != "",
                          on_click=ShopActionsState.add(pid, row["name"])),
                width="100%", align="center",
            ),
            spacing="2", width="100%",
        ),
        id=f"product-{pid}", width="100%",
    )


def product_grid(rows) -> rx.Component:
    return rx.grid(rx.foreach(rows, product_card), columns=rx.breakpoints(initial="1", sm="2", md="3"),
                   spacing="3", width="100%")


def shop_card(row) -> rx.Component:
    sid = row["id"]
    return rx.card(
        rx.hstack(
            rx.cond(row["logo"] != "",
                    rx.image(src=row["logo"], alt=tf("{name} logo", name=row["name"]), width="48px", height="48px",
                             border_radius="8px", object_fit="cover", flex_shrink="0", class_name="shop-logo"),
                    # No logo yet: the shop's initials, so cards still tell shops apart at a glance.
                    rx.center(rx.text(row["initials"], weight="bold", size="4", aria_hidden="true"),
                              width="48px", height="48px", flex_shrink="0", background=rx.color("teal", 3),
                              color=rx.color("teal", 11), border_radius="8px", class_name="shop-initials")),
            rx.vstack(
                rx.link(row["name"], href="/shop/" + row["slug"], weight="bold", id="shop-link-" + row["slug"]),
                rx.text(row["category"], " · ", row["minutes"], " · ", row["distance"], size="1", color_scheme="gray"),
                rx.text(row["rating"], tf(" · delivery {fee} · min. {minimum}", fee=row["fee"], minimum=row["minimum"]), size="1"),
                spacing="0", align="start",
            ),
            rx.spacer(),
            _heart(ShopActionsState.fav_shops.contains(sid), ShopActionsState.toggle_shop(sid), t("Save shop")),
            align="center", width="100%",
        ),
        id=f"shop-{row['slug']}", width="100%",
    )


def chip(label, active, on_click, **props) -> rx.Component:
    return rx.button(label, size="1", radius="full", variant=rx.cond(active, "solid", "outline"),
                     on_click=on_click, **props)
