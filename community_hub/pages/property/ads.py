"""Staff: ad slots — define slots, place house ads on dates, see bookings and their clicks."""

import reflex as rx

from components.area_page import area_page
from components.choice_select import choice_select as _choice
from components.common import page_header
from components.i18n import N_, pt, t
from components.property_repairs import photo_picker
from components.shells import property_shell
from components.tables import data_table, table_or_empty
from state.property.ads import AD_UPLOAD_ID, PLACEMENTS
from state.property.ads import PropertyAdsState as S

# Where a slot shows, and what a house ad is, as the selects show them (the values stay the codes).
_PLACES = {"home_carousel": N_("Home carousel"), "kiosk_attract": N_("Kiosk screen"),
           "channel_sidebar": N_("Channel sidebar")}
_KINDS = {"text": N_("text"), "image": N_("image")}


def _slot_form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("New slot"), size="3"),
        rx.hstack(rx.input(name="name", placeholder=pt("thing", "Name"), id="slot-name"),
                  _choice(PLACEMENTS, _PLACES, t("Where"), name="placement", default_value="home_carousel"),
                  rx.input(name="price", placeholder=t("Price per day"), width="9em"),
                  rx.input(name="points", placeholder=t("or points per day"), width="9em"),
                  rx.input(name="capacity", default_value="1", width="5em", aria_label=t("How many ads at once")),
                  rx.button(t("Create slot"), type="submit"), wrap="wrap", spacing="2"),
        spacing="2"), on_submit=S.create_slot, reset_on_submit=True), width="100%", margin_top="1em")


def _house_ad() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Place a house ad"), size="3"),
        rx.hstack(
            rx.select.root(rx.select.trigger(placeholder=t("Slot"), id="ad-slot", aria_label=t("Slot")),
                           rx.select.content(rx.foreach(S.slots, lambda s: rx.select.item(s["name"], value=s["id"]))),
                           value=S.ad_slot, on_change=lambda v: S.set_ad("ad_slot", v)),
            _choice(["text", "image"], _KINDS, t("Ad"), value=S.ad_kind, on_change=lambda v: S.set_ad("ad_kind", v)),
            rx.input(type="date", value=S.ad_from, on_change=lambda v: S.set_ad("ad_from", v), id="ad-from",
                     aria_label=t("First day")),
            rx.input(type="date", value=S.ad_to, on_change=lambda v: S.set_ad("ad_to", v), id="ad-to",
                     aria_label=t("Last day")),
            wrap="wrap", spacing="2"),
        rx.input(value=S.ad_text, on_change=lambda v: S.set_ad("ad_text", v), placeholder=t("Text (or caption)"),
                 width="100%", id="ad-text"),
        rx.input(value=S.ad_link, on_change=lambda v: S.set_ad("ad_link", v), placeholder=t("Link (https://...)"),
                 width="100%", id="ad-link"),
        rx.cond(S.ad_kind == "image", photo_picker(AD_UPLOAD_ID, t("Ad image"))),
        rx.button(rx.cond(S.busy, rx.spinner(size="2"), rx.fragment()), t("Schedule"), disabled=S.busy, id="ad-place",
                  on_click=S.place(rx.upload_files(upload_id=AD_UPLOAD_ID))),
        spacing="2", width="100%"), width="100%", margin_top="1em")


@area_page("/property/ads", "Ad slots · Property · Community Hub", "property", S.load)
def property_ads() -> rx.Component:
    return property_shell(
        page_header(t("Ad slots"), t("Where ads appear, house ads on a schedule, and how often they are clicked."),
                    error=S.error, notice=S.notice),
        rx.heading(t("Slots"), size="4"),
        table_or_empty(S.slots, rx.text(t("No slots yet."), color_scheme="gray"),
                       (t("Slot"), t("Placement"), t("At once"), t("Price/day"), t("Points/day"), ""), lambda s: rx.table.row(
                           rx.table.cell(s["name"]), rx.table.cell(s["placement"]), rx.table.cell(s["capacity"]),
                           rx.table.cell(s["price"]), rx.table.cell(s["points"]),
                           rx.table.cell(rx.button(t("Switch off"), size="1", variant="soft", color_scheme="red",
                                                   on_click=S.deactivate(s["id"])))),
                       id="slots-table"),
        _slot_form(),
        _house_ad(),
        rx.heading(t("Bookings and clicks"), size="4", margin_top="1em"),
        rx.cond(S.report.length() == 0, rx.text(t("Nothing booked yet."), color_scheme="gray"), rx.vstack(
            rx.input(value=S.reason, on_change=S.set_reason, id="takedown-reason", width="100%",
                     placeholder=t("Reason told to the merchant when you take a paid ad down (optional)")),
            data_table((t("Slot"), t("By"), t("Dates"), t("Price"), t("Status"), t("Refund"), t("Clicks"), ""), S.report, lambda r: rx.table.row(
                rx.table.cell(r["slot"]), rx.table.cell(r["who"]), rx.table.cell(r["dates"]),
                rx.table.cell(r["price"]), rx.table.cell(r["status"]), rx.table.cell(r["refund"]),
                rx.table.cell(r["clicks"], class_name="ad-clicks"), rx.table.cell(_actions(r)), class_name="ads-report-row"),
                id="ads-report"), width="100%", spacing="2")),
    )


def _actions(r) -> rx.Component:
    confirming = S.confirm_id == r["id"]
    return rx.cond(
        r["retry"] != "",
        rx.button(t("Send refund again"), size="1", on_click=S.cancel(r["id"])),
        rx.cond(r["can_cancel"] != "", rx.button(
            rx.cond(r["paid"] != "", rx.cond(confirming, t("Yes, take down and refund"), t("Take down")), t("Cancel")),
            size="1", variant=rx.cond(confirming, "solid", "soft"), color_scheme="red", on_click=S.cancel(r["id"]))))
