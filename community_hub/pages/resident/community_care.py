"""Residents: ask the property office (question, suggestion, complaint, praise) and read the answers."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import pt, t
from components.property_care import KIND_WORDS, conversation, kind_badge, status_badge
from components.shells import resident_shell
from state.resident.care import KINDS
from state.resident.care import ResidentCareState as S


def _which(item_id, name: str) -> rx.Component:
    # A form inside rx.foreach cannot pass its row to the handler (the submit callback is built
    # outside the loop), so the row's id travels as a hidden field.
    return rx.el.input(type="hidden", name=name, value=item_id)


def _new() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("Write to the office"), size="4"),
        # The kinds read in the reader's language; their values stay the codes the state knows.
        rx.select.root(rx.select.trigger(id="care-kind", aria_label=t("Kind of message")),
                       rx.select.content(*[rx.select.item(t(KIND_WORDS[k]), value=k) for k in KINDS]),
                       value=S.kind, on_change=S.set_kind),
        rx.input(name="subject", id="care-subject", placeholder=pt("message", "Subject"), width="100%"),
        rx.text_area(name="body", id="care-body", placeholder=t("Your message"), rows="4", width="100%"),
        rx.button(pt("message", "Send"), type="submit", id="care-send"),
        spacing="2", width="100%"), on_submit=S.send, reset_on_submit=True), width="100%")


def _ticket(ticket: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(ticket["subject"], weight="bold"), kind_badge(ticket["kind"]), status_badge(ticket["status"]),
                  spacing="2", align="center", wrap="wrap"),
        conversation(S.messages[ticket["id"]]),
        rx.cond(ticket["status"] != "closed", rx.form(rx.hstack(
            _which(ticket["id"], "ticket_id"),
            rx.input(name="body", placeholder=t("Add something"), width="100%"),
            rx.button(pt("message", "Add"), type="submit", variant="soft"), width="100%"),
            on_submit=S.follow_up, reset_on_submit=True, width="100%")),
        spacing="2", width="100%"), width="100%", class_name="care-ticket")


def _page() -> rx.Component:
    return resident_shell(
        page_header(t("Ask the office"), t("Questions and suggestions go to your property office; answers appear here."),
                    error=S.error, notice=S.notice),
        rx.cond(S.only_id == "", _new(),
                rx.link(t("← All your messages"), href="/care")),
        rx.cond(S.rows.length() == 0,
                empty_state("message-circle", t("No messages yet"), t("Ask a question or share an idea.")),
                rx.vstack(rx.foreach(S.rows, _ticket), spacing="2", width="100%", margin_top="1em", id="care-list")),
    )


@area_page("/care", "Ask the office · Community Hub", "resident", S.load)
def resident_care() -> rx.Component:
    return _page()


@area_page("/care/[ticket_id]", "Ask the office · Community Hub", "resident", S.load)
def resident_care_ticket() -> rx.Component:
    return _page()
