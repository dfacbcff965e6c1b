"""Staff: convenience services — offer them with a price, and work through paid bookings."""

import reflex as rx

from components.area_page import area_page
from components.choice_select import choice_select as _choice
from components.common import page_header
from components.i18n import N_, t, tf
from components.shells import property_shell
from components.tables import data_table, table_or_empty
from state.resident.services import PropertyServicesState as S

_SHOW = {"paid": N_("paid"), "awaiting_payment": N_("awaiting payment"), "done": N_("done"),
         "cancelled": N_("cancelled"), "all": N_("all")}


def _booking(b: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(b["service"]), rx.table.cell(b["quantity"]), rx.table.cell(b["when"]),
        rx.table.cell(b["notes"]), rx.table.cell(b["label"]),
        rx.table.cell(rx.hstack(
            rx.cond(b["status"] == "paid",
                    rx.button(t("Mark done"), size="1", on_click=S.complete(b["id"]))),
            rx.cond(b["status"] == "awaiting_payment", rx.button(
                t("Cancel"), size="1", variant="soft", color_scheme="red", on_click=S.cancel(b["id"]))),
            rx.cond(b["refundable"] != "", rx.button(
                rx.cond(S.confirm_id == b["id"], t("Yes, call off and refund"), t("Refund")), size="1",
                variant=rx.cond(S.confirm_id == b["id"], "solid", "soft"), color_scheme="red",
                on_click=S.refund(b["id"]))),
            spacing="2")),
        class_name="booking-row")


def _places(s: dict) -> rx.Component:
    # The row's id rides in a hidden field: a form in rx.foreach cannot hand its row to the handler.
    return rx.form(rx.hstack(
        rx.el.input(type="hidden", name="service_id", value=s["id"]),
        rx.input(name="places", default_value=s["places"], key=s["id"] + "-" + s["places"], width="4.5em", size="1",
                 aria_label=tf("Places per day for {service}", service=s["name"])),
        rx.button(t("Set"), type="submit", size="1", variant="soft"), spacing="1"), on_submit=S.set_places)


def _waiting(w: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(w["service"]), rx.table.cell(w["day"]), rx.table.cell(w["position"]), rx.table.cell(w["name"]),
        rx.table.cell(w["level"]), rx.table.cell(w["quantity"]), rx.table.cell(w["notes"]),
        rx.table.cell(rx.button(t("Take off the list"), size="1", variant="soft", color_scheme="red",
                                on_click=S.withdraw(w["id"]))),
        class_name="waiting-row")


@area_page("/property/services", "Services · Property · Community Hub", "property", S.load)
def property_services() -> rx.Component:
    return property_shell(
        page_header(t("Convenience services"), t("Residents book and pay; you deliver and mark them done."),
                    error=S.error, notice=S.notice),
        rx.card(rx.form(rx.hstack(
            rx.input(name="name", placeholder=t("Service"), id="service-name"),
            rx.input(name="price", placeholder=t("Price, e.g. 4.50"), width="9em"),
            rx.input(name="unit", placeholder=t("per (item, kg...)"), width="9em"),
            rx.input(name="max", default_value="10", width="5em", aria_label=t("Most per booking")),
            rx.input(name="places", default_value="0", width="5em", aria_label=t("Places per day (0: no limit)")),
            rx.input(name="description", placeholder=t("Description")),
            rx.button(t("Add service"), type="submit"), wrap="wrap", spacing="2"),
            on_submit=S.add_service, reset_on_submit=True), width="100%"),
        data_table((t("Service"), t("Price"), t("Per"), t("Most"), t("Places per day"), ""), S.services, lambda s: rx.table.row(
            rx.table.cell(s["name"]), rx.table.cell(s["price"]), rx.table.cell(s["unit"]), rx.table.cell(s["max"]),
            rx.table.cell(_places(s)),
            rx.table.cell(rx.cond(s["active"] != "",
                                  rx.button(t("Withdraw"), size="1", variant="soft", on_click=S.toggle(s["id"], False)),
                                  rx.button(t("Offer again"), size="1", variant="soft", on_click=S.toggle(s["id"], True))))),
                   margin_top="1em", id="services-table"),
        rx.hstack(rx.heading(t("Bookings"), size="4"),
                  _choice(["paid", "awaiting_payment", "done", "cancelled", "all"], _SHOW, t("Show"), value=S.show,
                          on_change=S.set_show),
                  align="center", spacing="3", margin_top="1em"),
        table_or_empty(S.bookings, rx.text(t("No bookings with this status."), color_scheme="gray"),
                       (t("Service"), t("How many"), t("For"), t("Notes"), t("Status"), ""), _booking, id="bookings-table"),
        rx.heading(t("Waiting for a place"), size="4", margin_top="1em"),
        rx.callout(t("Priority within a group: the higher level first, then whoever registered first. "
                     "Members without a card come after all cardholders."), icon="list-ordered", size="1",
                   id="waiting-rule"),
        table_or_empty(S.waiting, rx.text(t("Nobody is waiting."), color_scheme="gray"),
                       (t("Service"), t("Day"), t("Place"), t("Who"), t("Card level"), t("How many"), t("Notes"), ""),
                       _waiting, id="waiting-table"),
    )
