"""Admin: card batches — make, hand out and print batches of membership cards, see their cards by
state, find a card by number and disable it with a reason (customer service)."""

import reflex as rx

from components.area_page import area_page
from components.cards_admin import cards_tabs, dialog_error, select_input, text_input
from components.common import empty_state, form_label, page_header
from components.dialogs import state_dialog
from components.i18n import t, tf
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.cards_batches import AdminCardBatchesState as St
from state.shared.back_office import AdminPermission


def _batch_row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell("#" + r["id"]),
        rx.table.cell(rx.vstack(rx.text(r["programme"], size="2"), rx.text(r["level"], size="1", color_scheme="gray"),
                                spacing="0")),
        rx.table.cell(r["size"]),
        rx.table.cell(rx.text(tf("{issued} issued · {assigned} assigned · {activated} activated · {disabled} disabled",
                                 issued=r["issued"], assigned=r["assigned"], activated=r["activated"],
                                 disabled=r["disabled"]), size="1")),
        rx.table.cell(rx.cond(r["assigned_to"] != "", r["assigned_to"], t("In the issuing centre"))),
        rx.table.cell(r["made"]),
        rx.table.cell(rx.hstack(
            rx.button(t("Cards"), size="1", variant="soft", on_click=St.show_cards(r["id"]),
                      aria_label=tf("Cards of batch {id}", id=r["id"])),
            rx.button(t("Hand out"), size="1", variant="soft", on_click=St.ask_assign(r["id"]),
                      aria_label=tf("Hand out batch {id}", id=r["id"])),
            rx.button(rx.icon("download", size=14), t("PDF sheet"), size="1", variant="soft",
                      disabled=St.busy | (r["printable"] == ""), on_click=St.download(r["id"]),
                      aria_label=tf("Download the PDF sheet of batch {id}", id=r["id"])),
            spacing="1", wrap="wrap")),
        class_name="batch-row", id="batch-" + r["id"])


def _disable_button(card_id, number) -> rx.Component:
    return rx.button(t("Disable"), size="1", color_scheme="red", variant="soft",
                     on_click=St.ask_disable(card_id, number), aria_label=tf("Disable card {number}", number=number))


def _card_row(c: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(c["number"], font_family="monospace")),
        rx.table.cell(c["level"]),
        rx.table.cell(rx.badge(c["state_label"], color_scheme=rx.match(
            c["state"], ("activated", "green"), ("disabled", "red"), ("assigned", "blue"), "gray"))),
        rx.table.cell(c["reason"]),
        rx.table.cell(rx.cond(c["state"] != "disabled", _disable_button(c["id"], c["number"]))),
        class_name="card-row")


def _cards_panel() -> rx.Component:
    return rx.cond(St.cards_id != 0, rx.card(rx.vstack(
        rx.hstack(rx.heading(tf("Cards of batch #{id}", id=St.cards_id), size="4"), rx.spacer(),
                  rx.button(t("Hide"), size="1", variant="soft", on_click=St.hide_cards), width="100%"),
        table_or_empty(St.cards, rx.text(t("This batch has no cards."), size="2"),
                       [t("Number"), t("Level"), t("State"), t("Reason disabled"), ""], _card_row, id="batch-cards"),
        spacing="2", width="100%"), width="100%", id="cards-panel"))


def _finder() -> rx.Component:
    found = rx.cond(St.found.contains("id"), rx.card(rx.vstack(
        rx.hstack(rx.text(St.found["number"], font_family="monospace", weight="bold"),
                  rx.badge(St.found["state_label"]), align="center"),
        rx.text(St.found["programme"], " · ", St.found["level"], size="2"),
        rx.text(tf("Batch: {batch} · Held by: {holder}", batch=St.found["batch"], holder=St.found["holder"]),
                size="2"),
        rx.cond(St.found["reason"] != "", rx.text(tf("Disabled: {reason}", reason=St.found["reason"]), size="2")),
        rx.cond(St.found["state"] != "disabled", _disable_button(St.found["id"], St.found["number"])),
        spacing="1"), id="found-card"))
    return rx.vstack(
        rx.hstack(
            rx.vstack(form_label(t("Find a card by number"), html_for="card-search"),
                      rx.input(id="card-search", value=St.search, on_change=St.set_search, max_length=40,
                               placeholder="1234 5678 9012"), spacing="1"),
            rx.button(rx.icon("search", size=14), t("Find"), on_click=St.find, disabled=St.busy, id="find-card"),
            align="end"),
        found, spacing="2", width="100%")


def _new_dialog() -> rx.Component:
    return state_dialog(
        t("New batch of cards"),
        rx.vstack(
            rx.cond(St.programme_options.length() == 0,
                    rx.text(t("No open programme has a level yet: add one on the Programmes tab first."), size="2"),
                    rx.vstack(
                        select_input(t("Programme"), "batch-programme", St.new_programme, St.set_new_programme,
                                     St.programme_options),
                        select_input(t("Level"), "batch-level", St.new_level, St.set_new_level, St.level_options),
                        spacing="3", width="100%")),
            text_input(t("Number of cards"), "batch-count", St.new_count, St.set_new_count, max_length=6,
                       hint=t("1 to 500 in one batch.")),
            text_input(t("Note (optional)"), "batch-note", St.new_note, St.set_new_note, max_length=200),
            rx.cond(St.confirm_count != "", rx.callout(
                rx.vstack(rx.text(tf("Make {count} cards?", count=St.confirm_count), weight="bold"),
                          rx.text(t("That is a large batch: every card gets a number and a secret code, and its "
                                    "sheet runs to many pages.")), spacing="1"),
                icon="info", color_scheme="amber", width="100%", id="large-batch")),
            dialog_error(St.dialog_error),
            spacing="3", width="100%"),
        is_open=St.new_open, on_cancel=St.close_dialogs,
        action=rx.button(rx.cond(St.confirm_count != "", t("Yes, make them"), t("Make cards")), on_click=St.make_batch,
                         disabled=St.busy | (St.programme_options.length() == 0), id="make-batch"))


def _assign_dialog() -> rx.Component:
    return state_dialog(
        tf("Hand out batch #{id}", id=St.assign_id),
        rx.vstack(
            rx.cond(St.people.length() == 0,
                    rx.text(t("Nobody can take cards yet: cards are handed to an agent or a property staff member."),
                            size="2"),
                    select_input(t("Who hands the cards out"), "assign-to", St.assign_to, St.set_assign_to,
                                 St.people)),
            rx.text(t("The batch's cards still in the issuing centre become assigned to them; they can print the "
                      "sheet too."), size="1", color_scheme="gray"),
            dialog_error(St.dialog_error),
            spacing="3", width="100%"),
        is_open=St.assign_id != 0, on_cancel=St.close_dialogs,
        action=rx.button(t("Hand out"), on_click=St.assign, disabled=St.busy | (St.people.length() == 0),
                         id="assign-batch"))


def _disable_dialog() -> rx.Component:
    return state_dialog(
        tf("Disable card {number}?", number=St.disable_number),
        rx.vstack(
            rx.text(t("A disabled card stops working for good and its holder's membership ends. This cannot be "
                      "undone."), size="2"),
            form_label(t("Reason (kept in the audit log)"), html_for="disable-reason"),
            rx.text_area(id="disable-reason", value=St.disable_reason, on_change=St.set_disable_reason,
                         max_length=200, width="100%"),
            dialog_error(St.dialog_error),
            spacing="2", width="100%"),
        is_open=St.disable_id != 0, on_cancel=St.close_dialogs,
        action=rx.button(t("Disable card"), color_scheme="red", on_click=St.disable, disabled=St.busy,
                         id="disable-card"))


@area_page("/admin/cards/batches", "Card batches · Admin · Community Hub", "admin", St.load,
           permission=AdminPermission.CUSTOMER_SERVICE)
def admin_card_batches() -> rx.Component:
    return admin_shell(
        page_header(t("Card batches"), t("Print cards in batches, hand them to the agents and staff who give them "
                                          "out, and stop a lost or misused card."), error=St.error, notice=St.notice,
                    action=rx.button(rx.icon("plus", size=16), t("New batch"), on_click=St.open_new,
                                     id="new-batch")),
        cards_tabs("/admin/cards/batches"),
        _finder(),
        table_or_empty(St.rows, empty_state("id-card", t("No batches yet"),
                                            t("Make a batch of cards of a programme's level; its PDF sheet prints "
                                              "ten cards a page.")),
                       [t("Batch"), t("Programme"), t("Cards"), t("States"), t("Handed to"), t("Made"), ""],
                       _batch_row, id="batches-table"),
        _cards_panel(),
        _new_dialog(), _assign_dialog(), _disable_dialog(),
    )
