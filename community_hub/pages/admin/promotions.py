"""Admin: promotions — platform coupons (the platform pays the discount) and campaigns shown on
residents' home pages, and every promotion and shop coupon with its usage (issue 18)."""

import reflex as rx

from components.area_page import area_page
from components.common import confirm_button, empty_state, field, page_header
from components.i18n import t, tf
from components.shells import admin_shell
from components.tables import cells, table_or_empty
from state.admin.promotions import AdminPromotionsState as S
from state.shared.back_office import AdminPermission


def _select(label, select_id: str, items, value, on_change, *, placeholder=None) -> rx.Component:
    """A labelled choice (the label names the trigger for screen readers)."""
    return rx.vstack(
        rx.text(label, size="2", weight="medium", id=select_id + "-label"),
        rx.select.root(rx.select.trigger(id=select_id, aria_labelledby=select_id + "-label", placeholder=placeholder),
                       rx.select.content(*items) if isinstance(items, list | tuple) else rx.select.content(items),
                       value=value, on_change=on_change, size="3"),
        spacing="1")


def _coupon_form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("New platform coupon"), size="4", as_="h2"),
        rx.text(t("The platform pays the discount: shops are paid the full price. Residents collect the coupon on "
                  "their home page or a shop page and choose it at checkout."), size="2", color_scheme="gray"),
        rx.flex(
            field(t("Name"), "name", placeholder=t("Welcome to the neighbourhood"), max_length=80),
            _select(t("Kind"), "pc-kind", [rx.select.item(t("Amount off"), value="amount"),
                                           rx.select.item(t("Percent off"), value="percent")], S.kind, S.set_kind),
            field(t("Value (5.00 off, or 10 for 10%)"), "value"),
            gap="3", width="100%", wrap="wrap", align="end"),
        rx.flex(field(t("Minimum spend (optional)"), "min_spend", required=False),
                field(t("Per-member limit"), "per_member", default_value="1"),
                field(t("Total to collect (optional)"), "total", required=False),
                gap="3", width="100%", wrap="wrap"),
        rx.flex(field(t("Valid from (optional)"), "starts", type="date", required=False),
                field(t("Valid until (optional)"), "ends", type="date", required=False),
                gap="3", width="100%", wrap="wrap"),
        rx.flex(
            _select(t("Who may collect"), "pc-audience", [rx.select.item(t("Everyone"), value="all"),
                                                         rx.select.item(t("Residents of a community"), value="community"),
                                                         rx.select.item(t("Holders of a card level"), value="level")],
                    S.audience, S.set_audience),
            rx.cond(S.audience == "community",
                    _select(t("Community"), "pc-community",
                            rx.foreach(S.communities, lambda c: rx.select.item(c["label"], value=c["value"])),
                            S.community, S.set_community, placeholder=t("Choose a community"))),
            rx.cond(S.audience == "level",
                    _select(t("Card level"), "pc-level",
                            rx.foreach(S.levels, lambda c: rx.select.item(c["label"], value=c["value"])),
                            S.level, S.set_level, placeholder=t("Choose a card level"))),
            gap="3", wrap="wrap", align="end"),
        rx.button(t("Create platform coupon"), type="submit", id="platform-coupon-create", disabled=S.busy),
        width="100%"), on_submit=S.create_coupon, reset_on_submit=True), width="100%")


def _coupon_row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]), rx.table.cell(row["off"]), rx.table.cell(row["who"]), rx.table.cell(row["valid"]),
        rx.table.cell(row["collected"]), rx.table.cell(row["used"]), rx.table.cell(row["given"]),
        rx.table.cell(rx.cond(
            row["active"] == "1",
            confirm_button(rx.button(t("Switch off"), size="1", variant="soft", color_scheme="red",
                                     aria_label=tf("Switch off {name}", name=row["name"])),
                           tf("Switch off {name}?", name=row["name"]),
                           t("Nobody can collect it any more, and coupons already collected stop working."),
                           t("Switch off"), S.switch_off(row["id"]), color_scheme="red"),
            rx.badge(t("off"), color_scheme="gray"))),
        class_name="platform-coupon-row")


def _product_picker() -> rx.Component:
    """Search approved products by name, add them to the campaign, take them off again."""
    return rx.vstack(
        rx.text(t("Products in the promotion"), size="2", weight="medium"),
        rx.hstack(
            rx.input(value=S.product_query, on_change=S.set_product_query, placeholder=t("Product name"),
                     max_length=60, id="promo-product-query", aria_label=t("Product name")),
            rx.button(t("Find products"), type="button", variant="soft", on_click=S.search_products,
                      id="promo-product-search", disabled=S.busy),
            spacing="2", wrap="wrap"),
        rx.flex(rx.foreach(S.found_products, lambda p: rx.button(
            tf("Add {product}", product=p["label"]), type="button", size="1", variant="outline",
            on_click=S.add_product(p["id"]), class_name="promo-product-found")), gap="2", wrap="wrap"),
        rx.flex(rx.foreach(S.promo_products, lambda p: rx.badge(
            p["label"], rx.icon_button(rx.icon("x", size=12), type="button", size="1", variant="ghost",
                                       aria_label=tf("Take off {product}", product=p["label"]),
                                       on_click=S.remove_product(p["id"])),
            class_name="promo-product-picked")), gap="2", wrap="wrap"),
        spacing="2", width="100%")


def _promotion_form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("New platform promotion"), size="4", as_="h2"),
        rx.text(t("A named campaign with dates and a banner, shown on residents' home pages with the products you pick and the shops you tick."),
                size="2", color_scheme="gray"),
        rx.flex(field(t("Promotion name"), "title", placeholder=t("Spring sale"), max_length=80),
                field(t("Banner text (optional)"), "banner", required=False, max_length=200),
                gap="3", width="100%", wrap="wrap"),
        rx.flex(field(t("First day"), "p_starts", type="date"), field(t("Last day"), "p_ends", type="date"),
                _select(t("Shown in"), "promo-community",
                        [rx.select.item(t("Every community"), value="all"),
                         rx.foreach(S.communities, lambda c: rx.select.item(c["label"], value=c["value"]))],
                        S.promo_community, S.set_promo_community),
                gap="3", width="100%", wrap="wrap", align="end"),
        _product_picker(),
        rx.text(t("Shops in the promotion"), size="2", weight="medium"),
        rx.cond(S.shops.length() == 0, rx.text(t("No shops are selling yet."), size="2", color_scheme="gray"),
                rx.flex(rx.foreach(S.shops, lambda s: rx.checkbox(
                    s["label"], checked=S.promo_shops.contains(s["value"]),
                    on_change=lambda on: S.toggle_shop(s["value"], on))), gap="3", wrap="wrap")),
        rx.button(t("Save promotion"), type="submit", id="promotion-create", disabled=S.busy),
        width="100%"), on_submit=S.create_promotion, reset_on_submit=True), width="100%")


def _campaign_row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(row["title"], weight="medium"), rx.text(row["banner"], size="1"), spacing="0")),
        rx.table.cell(row["owner"]), rx.table.cell(row["dates"]), rx.table.cell(row["items"]),
        rx.table.cell(row["status"]),
        rx.table.cell(rx.cond(
            (row["platform"] == "1") & (row["running"] == "1"),
            confirm_button(rx.button(t("End"), size="1", variant="soft", color_scheme="red",
                                     aria_label=tf("End {title}", title=row["title"])),
                           tf("End {title}?", title=row["title"]), t("Its banner leaves residents' home pages now."),
                           t("End"), S.end_promotion(row["id"]), color_scheme="red"))),
        class_name="campaign-row")


@area_page("/admin/promotions", "Promotions · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.CONTENT)
def admin_promotions() -> rx.Component:
    return admin_shell(
        page_header(t("Promotions"), t("Platform coupons and campaigns, and every shop coupon with what it gave."),
                    error=S.error, notice=S.notice),
        _coupon_form(),
        rx.heading(t("Platform coupons"), size="4", as_="h2", margin_top="1em"),
        table_or_empty(S.platform_coupons, empty_state("ticket-percent", t("No platform coupons yet"),
                                                       t("Create one above.")),
                       (t("Name"), t("Off"), t("Who may collect"), t("Valid"), t("Collected"), t("Used"),
                        t("Discount given"), ""), _coupon_row, id="platform-coupons"),
        rx.box(_promotion_form(), margin_top="1em", width="100%"),
        rx.heading(t("Promotions"), size="4", as_="h2", margin_top="1em"),
        table_or_empty(S.campaigns, rx.text(t("No promotions yet."), color_scheme="gray"),
                       (t("Promotion"), t("By"), t("Dates"), t("Products and shops"), t("Status"), ""), _campaign_row,
                       id="campaigns"),
        rx.heading(t("Shop coupons"), size="4", as_="h2", margin_top="1em"),
        rx.text(t("Shops pay for their own coupons: the discount comes off what they are paid."), size="2",
                color_scheme="gray"),
        table_or_empty(S.shop_coupons, rx.text(t("No shop coupons yet."), color_scheme="gray"),
                       (t("Shop"), t("Code"), t("Off"), t("Valid"), t("Used"), t("Discount given"), t("Status")),
                       cells("shop", "code", "off", "valid", "used", "given", "status"), id="shop-coupons"),
    )
