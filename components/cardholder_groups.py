"""The cardholder groups table and the "message a group" dialog, for a state mixing in
state/shared/cardholder_groups.CardholderGroups (admins' cardholders page, staff's groups page)."""

from __future__ import annotations

import reflex as rx

from components.cards_admin import dialog_error, text_input
from components.common import form_label
from components.dialogs import state_dialog
from components.i18n import t, tf
from components.tables import table_or_empty


def groups_section(St, empty_text) -> rx.Component:
    def row(g: dict) -> rx.Component:
        return rx.table.row(
            rx.table.cell(g["kind_label"]), rx.table.row_header_cell(g["name"]), rx.table.cell(g["members"]),
            rx.table.cell(rx.button(rx.icon("send", size=14), t("Message"), size="1", variant="soft",
                                    on_click=St.ask_message(g["key"]),
                                    aria_label=tf("Message the group {name}", name=g["name"]))),
            class_name="group-row")

    return rx.vstack(
        rx.heading(t("Groups by region"), size="4"),
        rx.text(t("Made automatically from the community's address (community, district, city) and, where a "
                  "member gave a national ID, its area prefix."), size="2", color_scheme="gray"),
        table_or_empty(St.groups, rx.text(empty_text, size="2", color_scheme="gray"),
                       [t("Kind"), t("Group"), t("Cardholders"), ""], row, id="groups-table"),
        spacing="2", width="100%")


def message_dialog(St) -> rx.Component:
    return state_dialog(
        tf("Message {group}", group=St.msg_name),
        rx.vstack(
            rx.text(t("Every cardholder of the group you may reach gets it in their inbox, in priority order."),
                    size="2"),
            text_input(t("Title"), "group-title", St.msg_title, St.set_msg_title, max_length=120),
            form_label(t("Message"), html_for="group-body"),
            rx.text_area(id="group-body", value=St.msg_body, on_change=St.set_msg_body, max_length=2000,
                         width="100%", rows="5"),
            dialog_error(St.msg_error),
            spacing="2", width="100%"),
        is_open=St.msg_kind != "", on_cancel=St.close_message,
        action=rx.button(t("Send to the group"), on_click=St.send_message, disabled=St.busy, id="send-group"))
