"""Staff: community events — create with a capacity, attendees and waiting list, check-in at the door, cancel."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, page_header
from components.i18n import t, tf
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.events import PropertyEventsState as S


def _row(e: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(e["title"], weight="medium")),
        rx.table.cell(e["starts"]),
        rx.table.cell(e["location"]),
        rx.table.cell(e["capacity"]),
        rx.table.cell(rx.code(e["code"])),
        rx.table.cell(rx.cond(e["cancelled"] != "", rx.badge(t("cancelled"), color_scheme="gray"), rx.hstack(
            rx.button(t("Attendees"), size="1", variant="soft", on_click=S.show_attendees(e)),
            rx.button(t("Cancel"), size="1", variant="soft", color_scheme="red", on_click=S.cancel_event(e["id"])),
            spacing="2"))),
        class_name="event-row",
    )


def _form() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(t("New event")),
        rx.form(rx.vstack(
            rx.input(name="title", placeholder=t("Title"), width="100%"),
            rx.text_area(name="description", placeholder=t("What happens"), rows="2", width="100%"),
            rx.input(name="location", placeholder=t("Where"), width="100%"),
            rx.grid(
                rx.vstack(rx.text(t("Starts (local time)"), size="2"), rx.input(type="datetime-local", name="starts_at")),
                rx.vstack(rx.text(t("Ends (local time)"), size="2"), rx.input(type="datetime-local", name="ends_at")),
                rx.vstack(rx.text(t("Places"), size="2"), rx.input(name="capacity", default_value="20")),
                columns="3", spacing="3", width="100%"),
            error_callout(S.form_error),
            rx.hstack(rx.button(t("Cancel"), type="button", variant="soft", on_click=S.close_form),
                      rx.button(t("Create event"), type="submit"), justify="end", width="100%"),
            spacing="2", width="100%"), on_submit=S.create),
        max_width="600px"), open=S.form_open, on_open_change=lambda _o: S.close_form)


def _attendees() -> rx.Component:
    return rx.cond(S.open_id != "", rx.card(rx.vstack(
        rx.hstack(rx.heading(tf("Attendees: {title}", title=S.open_title), size="4"), rx.spacer(),
                  rx.button(t("Close"), size="1", variant="soft", on_click=S.hide_attendees), width="100%"),
        rx.form(rx.hstack(rx.input(name="ticket", placeholder=t("Ticket code"), id="ticket-code"),
                          rx.button(t("Check in"), type="submit")), on_submit=S.check_in, reset_on_submit=True),
        table_or_empty(S.attendees, rx.text(t("Nobody has signed up yet."), color_scheme="gray"),
                       (t("Name"), t("Place"), t("Ticket"), t("Checked in")), lambda a: rx.table.row(
                           rx.table.cell(a["name"]),
                           rx.table.cell(rx.badge(rx.match(a["status"], ("confirmed", t("confirmed")), ("waitlisted", t("waitlisted")), a["status"]),
                                                   color_scheme=rx.cond(a["status"] == "confirmed", "green", "orange"))),
                           rx.table.cell(rx.code(a["ticket"])), rx.table.cell(a["in"]))),
        spacing="2", width="100%"), width="100%", margin_top="1em", id="attendees"))


@area_page("/property/events", "Events · Property · Community Hub", "property", S.load)
def property_events() -> rx.Component:
    return property_shell(
        page_header(t("Events"), t("Show the check-in code at the door, or check tickets in here."), error=S.error,
                    notice=S.notice, action=rx.button(rx.icon("plus", size=16), t("New event"), on_click=S.open_form)),
        table_or_empty(S.rows, empty_state("calendar", t("No events yet"), t("Plan something for the community.")),
                       (t("Event"), t("Starts"), t("Where"), t("Places"), t("Door code"), ""), _row, id="staff-events"),
        _attendees(),
        _form(),
    )
