"""Merchant: the shop page customers see — logo and banner, details, delivery terms, open/closed
switch, opening hours."""

import reflex as rx

from components.area_page import area_page
from components.common import error_callout, form_label, notice_callout, page_title
from components.file_picker import labelled_upload
from components.i18n import t, tf
from components.shells import merchant_shell
from state.merchant.shop import IMAGE_UPLOADS
from state.merchant.shop import MerchantShopState as St


def _label(text, html_for: str) -> rx.Component:
    return form_label(text, html_for=html_for)


def _input(label, name: str, hint=None, **props) -> rx.Component:
    parts = [_label(label, "shop-" + name),
             rx.input(id="shop-" + name, value=St.form[name], on_change=lambda v: St.set_field(name, v),
                      width="100%", size="3", **props)]
    if hint is not None:
        parts.append(rx.text(hint, size="1", color_scheme="gray"))
    return rx.vstack(*parts, spacing="1", width="100%")


def _open_switch() -> rx.Component:
    return rx.card(rx.hstack(
        rx.vstack(
            rx.hstack(
                rx.badge(rx.cond(St.open_now, t("Open now"), t("Closed now")), size="3",
                         color_scheme=rx.cond(St.open_now, "green", "red"), id="shop-open-now"),
                rx.text(t("as customers see it"), size="2", color_scheme="gray"),
                align="center", spacing="2",
            ),
            rx.text(rx.cond(St.is_open,
                            rx.cond(St.open_now, t("Taking orders now."),
                                    t("Switched on, but outside your opening hours.")),
                            t("Switched off: customers see the shop closed and cannot order (holidays, sold out).")),
                    size="2"),
            spacing="2", align="start",
        ),
        rx.spacer(),
        rx.hstack(rx.text(rx.cond(St.is_open, t("Open"), t("Closed")), weight="bold"),
                  rx.switch(checked=St.is_open, on_change=St.set_open, disabled=St.busy, size="3",
                            id="shop-open-switch", aria_label=t("Shop open")),
                  align="center", spacing="2"),
        width="100%", align="center", wrap="wrap", spacing="3",
    ), width="100%")


IMAGE_TYPES = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]}


def _image_slot(which: str, title, url, preview: rx.Component, hint, none_yet, upload) -> rx.Component:
    """One picture: what customers see now (or a placeholder), a file picker, Upload and Remove."""
    upload_id = IMAGE_UPLOADS[which]
    return rx.vstack(
        rx.text(title, weight="medium"),
        rx.cond(url != "", preview,
                rx.center(rx.text(none_yet, size="2", color_scheme="gray"), id=f"shop-{which}-none",
                          width="100%", min_height="64px", border=f"1px dashed {rx.color('gray', 7)}",
                          border_radius="8px")),
        rx.hstack(
            labelled_upload(t("Choose image"), rx.button(rx.icon("image", size=14), t("Choose image"), variant="soft", size="2", type="button"),
                      id=upload_id, max_files=1, multiple=False, accept=IMAGE_TYPES, border="none", padding="0"),
            rx.text(rx.selected_files(upload_id).join(", "), size="1"),
            rx.button(rx.cond(St.busy, rx.spinner(size="1"), rx.icon("upload", size=14)), t("Upload"), size="2",
                      type="button", id=f"shop-{which}-save", disabled=St.busy,
                      on_click=upload(rx.upload_files(upload_id=upload_id))),
            rx.cond(url != "", rx.button(t("Remove"), size="2", variant="soft", color_scheme="red", type="button",
                                         id=f"shop-{which}-remove", disabled=St.busy,
                                         on_click=St.remove_image(which))),
            align="center", spacing="2", wrap="wrap",
        ),
        rx.text(hint, size="1", color_scheme="gray"),
        spacing="2", width="100%",
    )


def _images() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Logo and banner"), size="4"),
        rx.text(t("PNG, JPEG or WebP, up to 5 MB. Customers see them on your shop page and in shop lists."),
                size="2", color_scheme="gray"),
        error_callout(St.image_error),
        notice_callout(St.image_notice),
        _image_slot("logo", t("Logo"), St.logo_url,
                    rx.image(src=St.logo_url, alt=t("Your shop's logo"), id="shop-logo-current", width="96px",
                             height="96px", object_fit="cover", border_radius="8px"),
                    t("A square picture works best; it is shown small beside your shop's name."), t("No logo yet"),
                    St.upload_logo),
        rx.separator(size="4"),
        _image_slot("banner", t("Banner"), St.banner_url,
                    rx.image(src=St.banner_url, alt=t("Your shop's banner"), id="shop-banner-current", width="100%",
                             max_height="160px", object_fit="cover", border_radius="8px"),
                    t("A wide picture (about 4:1) across the top of your shop page."), t("No banner yet"),
                    St.upload_banner),
        width="100%", spacing="3",
    ), width="100%", id="shop-images")


def _details() -> rx.Component:
    # No <form>: every input is bound to the state, so the button saves what the page shows.
    return rx.card(rx.vstack(
        rx.heading(t("Shop details"), size="4"),
        _input(t("Shop name"), "name", max_length=120),
        rx.vstack(_label(t("Description"), "shop-description"),
                  rx.text_area(id="shop-description", value=St.form["description"],
                               on_change=lambda v: St.set_field("description", v), rows="5", width="100%",
                               max_length=2000, placeholder=t("What you sell, what makes the shop worth a visit.")),
                  rx.text(tf("{count} characters", count=St.description_hint), size="1", color_scheme="gray"), spacing="1", width="100%"),
        rx.flex(_input(t("Phone"), "phone", placeholder="+1 (212) 555-0100", type="tel"),
                _input(t("Contact email"), "contact_email", placeholder="shop@example.com", type="email"),
                direction=rx.breakpoints(initial="column", sm="row"), spacing="3", width="100%"),
        rx.heading(t("Search engines"), size="3", margin_top="0.5em"),
        _input(t("SEO title"), "seo_title", tf("{count} characters", count=St.seo_title_hint), max_length=70,
               placeholder=t("Shown as the browser tab and search result title")),
        _input(t("SEO description"), "seo_description", tf("{count} characters", count=St.seo_description_hint), max_length=160,
               placeholder=t("One or two sentences for search results")),
        rx.heading(t("Delivery and pickup"), size="3", margin_top="0.5em"),
        rx.flex(_input(t("Delivery radius (m)"), "radius", t("At most 20000 m."), input_mode="numeric"),
                _input(t("Delivery fee"), "fee", t("e.g. 3.00"), input_mode="decimal"),
                _input(t("Minimum order"), "min_order", t("e.g. 10.00; 0 for none"), input_mode="decimal"),
                direction=rx.breakpoints(initial="column", sm="row"), spacing="3", width="100%"),
        rx.checkbox(t("Customers can pick up orders at the shop"), checked=St.form["pickup"] == "1",
                    on_change=St.set_pickup, id="shop-pickup"),
        _input(t("Time zone"), "timezone", t("An IANA name like America/New_York; opening hours are read in it."),
               placeholder="America/New_York"),
        rx.button(t("Save details"), id="shop-save", on_click=St.save_details, disabled=St.busy, size="3"),
        width="100%", spacing="3",
    ), width="100%")


def _time(row, index, which: str) -> rx.Component:
    return rx.input(type="time", value=row[which], on_change=lambda v: St.set_hour(index, which, v),
                    id=f"hours-{which}-" + index.to(str), aria_label=row["day"] + " " + (t("opens") if which == "opens" else t("closes")), width="8.5em")


def _day_row(row, index) -> rx.Component:
    return rx.hstack(
        rx.text(row["day"], width="7em", weight="medium"),
        _time(row, index, "opens"),
        rx.text("–"),
        _time(row, index, "closes"),
        rx.cond((row["opens"] == "") & (row["closes"] == ""),
                rx.cond(St.has_hours, rx.badge(t("Closed"), color_scheme="gray")),
                rx.button(t("Mark closed"), size="1", variant="ghost", type="button",
                          on_click=St.clear_day(index), id="hours-clear-" + index.to(str))),
        align="center", spacing="2", wrap="wrap", id="hours-row-" + index.to(str),
    )


def _hours() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Opening hours"), size="4"),
        rx.text(tf("In the shop's time zone ({zone}). Leave both times blank for a day you are closed. "
                   "A closing time earlier than the opening time means after midnight: 18:00 – 02:00 on Friday "
                   "is open until 2 am on Saturday. With no hours at all, the shop is open whenever it is switched on.",
                   zone=St.zone),
                size="2", color_scheme="gray"),
        rx.vstack(rx.foreach(St.hours, _day_row), spacing="2", width="100%", id="hours-table"),
        rx.button(t("Save opening hours"), id="hours-save", on_click=St.save_hours, disabled=St.busy, size="3"),
        width="100%", spacing="3",
    ), width="100%")


@area_page("/merchant/shop", "Shop page · Community Hub", "merchant", St.load)
def merchant_shop() -> rx.Component:
    return merchant_shell(
        page_title(t("Shop page"), t("What customers see at your shop's page, and when you take orders.")),
        rx.vstack(
            error_callout(St.error),
            notice_callout(St.notice),
            rx.cond(
                St.loaded,
                rx.vstack(
                    rx.hstack(rx.link(rx.hstack(rx.icon("external-link", size=16), rx.text(t("View your shop page")),
                                                align="center", spacing="1"),
                                      href=St.shop_link, id="shop-view-link"),
                              rx.cond(St.status != "approved",
                                      rx.badge(t("Status: "), St.status, color_scheme="orange")),
                              align="center", spacing="3"),
                    _open_switch(),
                    _images(),
                    _details(),
                    _hours(),
                    spacing="4", width="100%",
                ),
            ),
            spacing="4", width="100%", max_width="760px",
        ),
    )
