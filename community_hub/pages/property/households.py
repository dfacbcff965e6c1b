"""Staff: households — requests to join, who lives where, invitation codes, removing a member."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, form_label, page_header
from components.i18n import t, tf
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.households import PropertyHouseholdsState as S


def _request(r: dict) -> rx.Component:
    return rx.card(rx.hstack(
        rx.vstack(
            rx.text(rx.text.strong(r["name"]), tf(" ({login}) asks to join ", login=r["login"]), rx.text.strong(r["unit"])),
            rx.cond(r["note"] != "", rx.text("“", r["note"], "”", size="2")),
            rx.text(tf("Asked {when}", when=r["at"]), size="1", color_scheme="gray"),
            spacing="1",
        ),
        rx.spacer(),
        rx.button(t("Approve"), on_click=S.decide(r["id"], True), disabled=S.busy),
        rx.button(t("Decline"), variant="soft", color_scheme="gray", on_click=S.decide(r["id"], False), disabled=S.busy),
        align="center", width="100%", wrap="wrap",
    ), width="100%", class_name="join-request")


def _requests() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Requests to join"), size="4"),
        rx.cond(S.requests.length() == 0,
                rx.text(t("No one is waiting."), color_scheme="gray", size="2"),
                rx.vstack(rx.foreach(S.requests, _request), spacing="2", width="100%", id="join-requests")),
        spacing="2", width="100%",
    )


def _member(m: dict) -> rx.Component:
    return rx.hstack(
        rx.text(m["name"]), rx.spacer(),
        rx.cond(S.confirm_remove == m["id"],
                rx.hstack(rx.text(tf("Remove from {unit}?", unit=S.open_unit), size="2"),
                          rx.button(t("Yes, remove"), color_scheme="red", size="1", on_click=S.remove(m["id"]),
                                    disabled=S.busy),
                          rx.button(t("Keep"), variant="soft", size="1", on_click=S.ask_remove("")), align="center"),
                rx.button(t("Remove"), variant="soft", color_scheme="red", size="1", on_click=S.ask_remove(m["id"]),
                          aria_label=tf("Remove {name}", name=m["name"]))),
        align="center", width="100%",
    )


def _invite(i: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(i["code"])), rx.table.cell(i["uses"]), rx.table.cell(i["expires"]),
        rx.table.cell(i["by"]),
        rx.table.cell(rx.cond(i["active"] != "",
                              rx.button(t("Revoke"), size="1", variant="soft", color_scheme="red",
                                        on_click=S.revoke(i["id"]), disabled=S.busy),
                              rx.text(t("no longer works"), size="1", color_scheme="gray"))),
    )


def _open_household() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(S.open_unit, size="4"), rx.spacer(),
                  rx.button(t("Close"), variant="ghost", on_click=S.close_household), width="100%"),
        rx.text(t("Members"), weight="medium"),
        rx.cond(S.members.length() == 0, rx.text(t("Nobody lives here yet."), size="2", color_scheme="gray"),
                rx.vstack(rx.foreach(S.members, _member), width="100%", id="household-members")),
        rx.text(t("Invitation codes"), weight="medium"),
        table_or_empty(S.invites, rx.text(t("No codes yet."), size="2", color_scheme="gray"),
                       (t("Invitation code"), t("Used"), t("Expires"), t("From"), ""), _invite),
        rx.form(rx.hstack(
            rx.vstack(form_label(t("Uses"), html_for="invite-uses", weight="regular"),
                      rx.input(id="invite-uses", name="uses", type="number", min=1, max=20, default_value="1")),
            rx.vstack(form_label(t("Days valid"), html_for="invite-days", weight="regular"),
                      rx.input(id="invite-days", name="days", type="number", min=1, max=90, default_value="14")),
            rx.button(t("Issue a code"), type="submit", disabled=S.busy),
            align="end", spacing="3"), on_submit=S.issue, reset_on_submit=False),
        spacing="3", width="100%",
    ), width="100%", id="open-household")


def _row(h: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(h["unit"]), rx.table.cell(h["members"]), rx.table.cell(rx.code(h["code"])),
        rx.table.cell(rx.button(t("Open"), size="1", variant="soft", on_click=S.open_household(h["id"], h["unit"]),
                                aria_label=tf("Open {unit}", unit=h["unit"]))),
    )


@area_page("/property/households", "Households · Property · Community Hub", "property", S.load)
def property_households() -> rx.Component:
    return property_shell(
        page_header(t("Households"), t("Who lives where, and how people join: a code, or a request you approve."),
                    error=S.error, notice=S.notice),
        _requests(),
        rx.cond(S.open_id != "", _open_household()),
        rx.form(rx.hstack(
            rx.input(name="query", placeholder=t("Unit (B-204) or a name"), aria_label=t("Find a household"),
                     default_value=S.query, max_length=40),
            rx.button(t("Find"), type="submit", variant="soft"), spacing="2"),
            on_submit=S.search, reset_on_submit=False, margin_top="1em"),
        table_or_empty(S.rows, empty_state("house", t("No households"), t("Nothing matches; clear the search to see every unit.")),
                       (t("Unit"), t("Living here"), t("Code that works"), ""), _row, id="households"),
    )
