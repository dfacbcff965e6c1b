"""Admin: cardholders — a programme's members in registration order, its groups by region and a
message to a group (customer service)."""

import reflex as rx

from components.area_page import area_page
from components.cardholder_groups import groups_section, message_dialog
from components.cards_admin import cards_tabs, select_input
from components.common import empty_state, page_header
from components.i18n import t
from components.shells import admin_shell
from components.tables import paged_table
from state.admin.cards_holders import AdminCardholdersState as St
from state.shared.back_office import AdminPermission


def _member_row(m: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(m["order"]), rx.table.row_header_cell(m["name"]), rx.table.cell(m["level"]), rx.table.cell(m["group"]),
        rx.table.cell(rx.text(m["number"], font_family="monospace")), rx.table.cell(m["identity"]),
        rx.table.cell(m["type"]), rx.table.cell(m["registered"]),
        rx.table.cell(rx.badge(m["state_label"], color_scheme=rx.cond(m["state"] == "active", "green", "gray"))),
        class_name="member-row")


def _members() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Cardholders in registration order"), size="4"),
        rx.callout(St.rule, icon="list-ordered", width="100%", id="priority-rule"),
        rx.cond(St.members.length() == 0,
                empty_state("users", t("No cardholders yet"), t("Members appear here once they activate a card.")),
                paged_table([t("No."), t("Name"), t("Level"), t("Group"), t("Card"), t("Identity"), t("Type"), t("Registered"),
                             t("State")], St.members, _member_row, St, id="members-table")),
        spacing="2", width="100%")


@area_page("/admin/cards/holders", "Cardholders · Admin · Community Hub", "admin", St.load,
           permission=AdminPermission.CUSTOMER_SERVICE)
def admin_cardholders() -> rx.Component:
    return admin_shell(
        page_header(t("Cardholders"), t("Who holds a card, in which group, and who is served first."),
                    error=St.error, notice=St.notice),
        cards_tabs("/admin/cards/holders"),
        rx.cond(St.programme_options.length() == 0,
                empty_state("id-card", t("No card programmes yet"), t("Make one on the Programmes tab.")),
                rx.vstack(
                    rx.box(select_input(t("Programme"), "holders-programme", St.choice, St.choose,
                                        St.programme_options), max_width="24em", width="100%"),
                    _members(),
                    groups_section(St, t("No groups yet: groups form as members activate cards.")),
                    spacing="4", width="100%")),
        message_dialog(St),
    )
