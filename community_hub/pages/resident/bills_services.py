"""Residents: convenience services to book (each booking is a bill, paid on the Bills page)."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t, tf
from components.shells import resident_shell
from state.resident.services import ResidentServicesState as S


def _rule():
    """The priority rule (membership/priority.RULE), beside the resident's place in the queue."""
    return t("Priority within a group: the higher level first, then whoever registered first. "
                "Members without a card come after all cardholders.")



def _which(item_id, name: str) -> rx.Component:
    # A form inside rx.foreach cannot pass its row to the handler (the submit callback is built
    # outside the loop), so the row's id travels as a hidden field.
    return rx.el.input(type="hidden", name=name, value=item_id)


def _service(s: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(s["name"], weight="bold"), rx.spacer(), rx.text(s["price"], size="2"), width="100%"),
        rx.cond(s["description"] != "", rx.text(s["description"], size="2", color_scheme="gray")),
        rx.form(rx.hstack(
            _which(s["id"], "service_id"),
            rx.input(name="quantity", default_value="1", width="5em", aria_label=t("How many")),
            rx.input(name="when", type="datetime-local", aria_label=t("When (local time, optional)")),
            rx.input(name="notes", placeholder=t("Notes (optional)")),
            rx.cond(s["places"] != "", rx.el.label(rx.hstack(rx.checkbox(name="wait"),
                                                             rx.text(t("If that day is full, wait for a place"), size="2"),
                                                             spacing="1", align="center"))),
            rx.button(t("Book"), type="submit"), wrap="wrap", spacing="2"),
            on_submit=S.book, reset_on_submit=True),
        rx.text(tf("Up to {most} per booking; times are local time.", most=s["max"]), size="1", color_scheme="gray"),
        rx.cond(s["places"] != "", rx.text(tf("{places} bookings a day; when a day is full, residents wait in priority order.",
                                              places=s["places"]), size="1", color_scheme="gray")),
        spacing="2", width="100%"), width="100%", class_name="service-card")


def _waiting(w: dict) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(w["service"], " × ", w["quantity"], " · ", w["day"], weight="medium"),
                  rx.text(tf("You are number {position} in the queue.", position=w["position"]), size="2"), spacing="0"),
        rx.spacer(),
        rx.button(t("Stop waiting"), size="1", variant="soft", color_scheme="red", on_click=S.withdraw(w["id"])),
        width="100%", align="center", class_name="waiting-row")


@area_page("/services", "Services · Community Hub", "resident", S.load)
def resident_services() -> rx.Component:
    return resident_shell(
        page_header(t("Services"), t("Booked through the property office and paid with your bills."),
                    error=S.error, notice=S.notice),
        rx.cond(S.services.length() == 0, empty_state("concierge-bell", t("No services on offer"), t("Check back later.")),
                rx.vstack(rx.foreach(S.services, _service), spacing="2", width="100%", id="services")),
        rx.cond(S.waiting.length() > 0, rx.card(rx.vstack(
            rx.heading(t("Waiting for a place"), size="4"),
            rx.foreach(S.waiting, _waiting),
            rx.text(_rule(), size="1", color_scheme="gray", id="waiting-rule"),
            spacing="2", width="100%"), width="100%", margin_top="1em", id="waiting")),
        rx.heading(t("Your bookings"), size="4", margin_top="1em"),
        rx.cond(S.bookings.length() == 0, rx.text(t("No bookings yet."), color_scheme="gray"),
                rx.vstack(rx.foreach(S.bookings, lambda b: rx.card(rx.hstack(
                    rx.vstack(rx.text(b["service"], " × ", b["quantity"], weight="medium"),
                              rx.text(tf("{label} · booked {when}", label=b["label"], when=b["booked"]), size="1", color_scheme="gray"), spacing="0"),
                    rx.spacer(),
                    rx.cond(b["status"] == "awaiting_payment", rx.hstack(
                        rx.link(rx.button(t("Pay"), size="1"), href="/bills"),
                        rx.button(t("Cancel"), size="1", variant="soft", color_scheme="red", on_click=S.cancel(b["id"])))),
                    width="100%", align="center"), width="100%")), spacing="2", width="100%", id="bookings")),
    )
