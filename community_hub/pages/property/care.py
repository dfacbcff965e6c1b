"""Staff: the care inbox — answer residents' questions and suggestions, close or reopen conversations."""

import reflex as rx

from components.area_page import area_page
from components.choice_select import choice_select as _choice
from components.common import empty_state, error_callout, notice_callout, page_title
from components.i18n import N_, t
from components.property_care import conversation, kind_badge, status_badge
from components.shells import property_shell
from state.property.care import FILTERS
from state.property.care import PropertyCareState as S

_SHOW = {"open": N_("open"), "answered": N_("answered"), "closed": N_("closed"), "all": N_("all")}


def _which(item_id, name: str) -> rx.Component:
    # A form inside rx.foreach cannot pass its row to the handler (the submit callback is built
    # outside the loop), so the row's id travels as a hidden field.
    return rx.el.input(type="hidden", name=name, value=item_id)


def _ticket(ticket: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(ticket["subject"], weight="bold"), kind_badge(ticket["kind"]), status_badge(ticket["status"]), rx.spacer(),
                  rx.text(ticket["resident"], " ", ticket["unit"], size="2", color_scheme="gray"), width="100%", align="center"),
        conversation(S.messages[ticket["id"]]),
        rx.form(rx.vstack(
            _which(ticket["id"], "ticket_id"),
            rx.text_area(name="body", placeholder=t("Your answer"), rows="2", width="100%", class_name="care-reply"),
            rx.hstack(rx.checkbox(t("Close the conversation"), name="close"),
                      rx.spacer(),
                      rx.cond(ticket["status"] == "closed",
                              rx.button(t("Reopen"), type="button", variant="soft", on_click=S.set_status(ticket["id"], "open"))),
                      rx.cond(ticket["status"] != "closed",
                              rx.button(t("Close without reply"), type="button", variant="soft", color_scheme="gray",
                                        on_click=S.set_status(ticket["id"], "closed"))),
                      rx.button(t("Send answer"), type="submit", class_name="care-answer"),
                      width="100%", align="center", spacing="2"),
            spacing="2", width="100%"),
            on_submit=S.reply, reset_on_submit=True, width="100%"),
        spacing="2", width="100%"), width="100%", class_name="care-ticket")


@area_page("/property/care", "Care inbox · Property · Community Hub", "property", S.load)
def property_care() -> rx.Component:
    return property_shell(
        page_title(t("Care inbox"), t("Questions and suggestions from residents. Oldest waiting first.")),
        rx.hstack(rx.text(t("Show"), size="2"), _choice(FILTERS, _SHOW, t("Show"), "care-filter", value=S.show, on_change=S.set_show),
                  align="center", spacing="2", margin_bottom="1em"),
        error_callout(S.error),
        notice_callout(S.notice),
        rx.cond(S.rows.length() == 0,
                empty_state("inbox", t("Nothing here"), t("No conversations with this status.")),
                rx.vstack(rx.foreach(S.rows, _ticket), spacing="2", width="100%", id="care-queue")),
    )
