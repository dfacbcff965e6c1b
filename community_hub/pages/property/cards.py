"""Staff: member cards for the lobby kiosk — issue, revoke, print a QR sheet (PDF)."""

import reflex as rx

from components.area_page import area_page
from components.common import confirm_button, empty_state, page_header
from components.i18n import t, tf
from components.select_field import select_field
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.member_cards import PropertyCardsState as S


def _issue() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("Issue a card"), size="3"),
        rx.text(t("A member of a household gets a card the lobby kiosk reads; a card they had before stops working."),
                size="2", color_scheme="gray"),
        select_field(t("Member"), "person", S.people, placeholder="—", required=True),
        rx.button(t("Issue card"), type="submit", disabled=S.busy),
        spacing="2", width="100%"), on_submit=S.issue, reset_on_submit=True), width="100%", max_width="520px")


def _row(c: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.code(c["number"])), rx.table.cell(c["name"]), rx.table.cell(c["unit"]),
        rx.table.cell(c["issued"]),
        rx.table.cell(rx.cond(c["active"] != "", rx.badge(t("works"), color_scheme="green"),
                              rx.badge(t("revoked"), color_scheme="gray"))),
        rx.table.cell(rx.cond(c["active"] != "", confirm_button(
            rx.button(t("Revoke"), size="1", variant="soft", color_scheme="red", disabled=S.busy,
                      aria_label=tf("Revoke card {number}", number=c["number"])),
            tf("Revoke card {number}?", number=c["number"]),
            t("The kiosk no longer accepts it. Issue a new card to replace it."),
            t("Yes, revoke"), S.revoke(c["id"]), color_scheme="red"))),
        class_name="card-row",
    )


@area_page("/property/cards", "Member cards · Property · Community Hub", "property", S.load)
def property_cards() -> rx.Component:
    return property_shell(
        page_header(t("Member cards"), t("Cards members show at the lobby kiosk to log in."), error=S.error,
                    notice=S.notice,
                    action=rx.button(rx.icon("printer", size=16), t("Print card sheet (PDF)"), on_click=S.download,
                                     variant="soft")),
        _issue(),
        rx.box(table_or_empty(S.rows, empty_state("id-card", t("No cards yet"),
                                                  t("Issue a card to a member of a household.")),
                              (t("Card number"), t("Member"), t("Unit"), t("Issued"), t("Status"), ""), _row,
                              id="cards"), margin_top="1em", width="100%"),
    )
