"""Staff: the fee items every bill run is made of (per m², fixed, per unit used, per parking slot)."""

import reflex as rx

from components.area_page import area_page
from components.common import (
    confirm_button,
    empty_state,
    error_callout,
    field,
    form_label,
    page_header,
)
from components.dialogs import state_dialog
from components.i18n import t, tf
from components.select_field import select_field
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.fee_items import PropertyFeeItemsState as S


def _add_form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("Add a fee"), size="4"),
        rx.grid(
            field(t("Fee name"), "name", placeholder=t("Management fee")),
            select_field(t("Counted"), "kind", S.kinds),
            field(t("Rate"), "rate", placeholder="2.50", hint=t("Per m², per home, per unit or per slot")),
            field(t("Unit (optional)"), "unit", placeholder=t("m², kWh, slot"), required=False),
            columns=rx.breakpoints(initial="1", sm="2", md="4"), spacing="3", width="100%"),
        rx.button(t("Add fee"), type="submit", id="fee-add", disabled=S.busy),
        width="100%", spacing="3"), on_submit=S.add, reset_on_submit=True), width="100%")


def _row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["name"]), rx.table.cell(r["kind"]), rx.table.cell(r["rate"]), rx.table.cell(r["applies"]),
        rx.table.cell(rx.cond(r["active"] != "", rx.badge(t("Billed"), color_scheme="green"),
                              rx.badge(t("Withdrawn"), color_scheme="gray"))),
        rx.table.cell(rx.hstack(
            rx.button(t("Edit"), size="1", variant="soft", on_click=S.open_edit(r)),
            rx.cond(r["active"] != "",
                    confirm_button(rx.button(t("Withdraw"), size="1", variant="soft", color_scheme="red"),
                                   tf("Stop billing {name}?", name=r["name"]),
                                   t("The next bill run leaves it out; bills already issued keep it."),
                                   t("Withdraw"), S.withdraw(r["id"]), color_scheme="red"),
                    rx.button(t("Bill again"), size="1", variant="soft", on_click=S.bill_again(r["id"]))),
            spacing="2")),
        class_name="fee-row",
    )


def _edit_dialog() -> rx.Component:
    return state_dialog(
        tf("Edit {name}", name=S.edit_name),
        rx.dialog.description(tf("{kind}. Changes apply from the next bill run; to count the fee another "
                                 "way, withdraw it and add a new one.", kind=S.edit_kind), size="2"),
        rx.vstack(
            form_label(t("Fee name"), html_for="edit-name"),
            rx.input(id="edit-name", value=S.edit_name, on_change=S.set_edit_name, width="100%"),
            form_label(t("Rate"), html_for="edit-rate"),
            rx.input(id="edit-rate", value=S.edit_rate, on_change=S.set_edit_rate, width="100%"),
            form_label(t("Unit (optional)"), html_for="edit-unit"),
            rx.input(id="edit-unit", value=S.edit_unit, on_change=S.set_edit_unit, width="100%"),
            error_callout(S.edit_error),
            spacing="2", width="100%", margin_top="1em"),
        is_open=S.edit_id != "", on_cancel=S.close_edit,
        action=rx.button(t("Save fee"), on_click=S.save_edit, disabled=S.busy),
    )


@area_page("/property/fees", "Fee items · Property · Community Hub", "property", S.load)
def property_fees() -> rx.Component:
    return property_shell(
        page_header(t("Fee items"), t("What every bill run charges each home. Bills already issued never change."),
                    error=S.error, notice=S.notice),
        _add_form(),
        table_or_empty(S.items, empty_state("receipt", t("No fees yet"),
                                            t("Add the fees your community charges; bill runs use them.")),
                       (t("Fee"), t("Counted"), t("Rate"), t("Applies to"), t("Status"), ""), _row,
                       id="fees-table", margin_top="1em"),
        rx.link(t("Generate bills"), href="/property/bills", margin_top="1em"),
        _edit_dialog(),
    )
