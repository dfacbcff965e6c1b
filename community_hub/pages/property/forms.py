"""Staff: form builder — build, publish, close, submissions and CSV export."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, page_header
from components.i18n import t, tf
from components.property_fields import builder
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.fields import FORM_TYPES
from state.property.forms import PropertyFormsState as S


def _row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r["title"], weight="medium")),
        rx.table.cell(rx.badge(rx.match(r["status"], ("published", t("published")), ("closed", t("closed")),
                                        ("draft", t("draft")), r["status"]), color_scheme=rx.match(r["status"], ("published", "green"), ("closed", "gray"), "amber"))),
        rx.table.cell(r["fields"]),
        rx.table.cell(r["submissions"]),
        rx.table.cell(rx.hstack(
            rx.cond(r["status"] == "draft", rx.fragment(
                rx.button(t("Edit"), size="1", variant="soft", on_click=S.edit(r["id"])),
                rx.button(t("Publish"), size="1", color_scheme="green", on_click=S.publish(r["id"])))),
            rx.cond(r["status"] == "published", rx.fragment(
                rx.link(rx.button(t("Open"), size="1", variant="ghost"), href="/forms/" + r["id"]),
                rx.button(t("Close"), size="1", variant="soft", color_scheme="red", on_click=S.close_form(r["id"])))),
            rx.cond(r["status"] != "draft", rx.fragment(
                rx.button(t("Submissions"), size="1", variant="soft", on_click=S.show_submissions(r)),
                rx.button("CSV", size="1", variant="soft", on_click=S.export(r["id"])))),
            spacing="2")),
        class_name="form-row",
    )


def _editor() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(rx.cond(S.editing_id == 0, t("New form"), t("Edit form"))),
        rx.vstack(
            rx.input(value=S.title, on_change=S.set_title, placeholder=t("Title"), width="100%", id="form-title"),
            rx.text_area(value=S.description, on_change=S.set_description, placeholder=t("What it is for"), rows="2",
                         width="100%"),
            rx.checkbox(t("One submission per resident"), checked=S.once, on_change=S.set_once),
            rx.heading(t("Fields"), size="3"),
            builder(S.fields, FORM_TYPES, S.set_field_value, S.add_field_row, S.remove_field_row),
            error_callout(S.editor_error),
            rx.hstack(rx.button(t("Cancel"), variant="soft", on_click=S.close_editor),
                      rx.button(t("Save draft"), variant="soft", on_click=S.save(False)),
                      rx.button(t("Save and publish"), on_click=S.save(True), id="form-publish"),
                      justify="end", width="100%"),
            spacing="2", width="100%"),
        max_width="720px"), open=S.editor_open, on_open_change=lambda _o: S.close_editor)


def _submissions() -> rx.Component:
    return rx.cond(S.subs_id != "", rx.card(rx.vstack(
        rx.hstack(rx.heading(tf("Submissions: {title}", title=S.subs_title), size="4"), rx.spacer(),
                  rx.button(t("Close"), size="1", variant="soft", on_click=S.hide_submissions), width="100%"),
        rx.cond(S.sub_rows.length() == 0, rx.text(t("Nothing submitted yet."), color_scheme="gray"),
                rx.table.root(
                    rx.table.header(rx.table.row(rx.foreach(S.sub_headers, rx.table.column_header_cell))),
                    rx.table.body(rx.foreach(S.sub_rows, lambda r: rx.table.row(rx.foreach(r, rx.table.cell)))),
                    width="100%", id="submissions-table")),
        spacing="2", width="100%"), width="100%", margin_top="1em"))


@area_page("/property/forms", "Forms · Property · Community Hub", "property", S.load)
def property_forms() -> rx.Component:
    return property_shell(
        page_header(t("Forms"), t("Surveys, registrations and permits residents fill in."), error=S.error, notice=S.notice,
                    action=rx.button(rx.icon("plus", size=16), t("New form"), on_click=S.new_form, id="new-form")),
        table_or_empty(S.rows, empty_state("clipboard-list", t("No forms yet"), t("Build one with the fields you need.")),
                       (t("Form"), t("Status"), t("Fields"), t("Submissions"), ""), _row, id="forms-table"),
        _submissions(),
        _editor(),
    )
