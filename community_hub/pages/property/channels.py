"""Staff: channels (service guide, emergency phones, lost and found...) — fields, texts, SEO, entries, duplicate."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, page_header
from components.i18n import pt, t, tf
from components.property_fields import builder, filler, image_zones
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.channels import PropertyChannelsState as S
from state.property.fields import CHANNEL_TYPES


def _row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r["name"], weight="medium")),
        rx.table.cell(rx.code("/channels/", r["slug"])),
        rx.table.cell(r["fields"]),
        rx.table.cell(rx.cond(r["published"] != "", rx.badge(t("published"), color_scheme="green"), rx.badge(t("draft")))),
        rx.table.cell(rx.hstack(
            rx.button(t("Entries"), size="1", variant="soft", on_click=S.open_entries(r["id"])),
            rx.button(t("Edit"), size="1", variant="soft", on_click=S.edit(r["id"])),
            rx.button(t("Duplicate"), size="1", variant="soft", on_click=S.duplicate(r["id"])), spacing="2")),
        class_name="channel-row",
    )


def _text(label: str, key: str, value, area: bool = False) -> rx.Component:
    box = rx.text_area if area else rx.input
    return rx.vstack(rx.text(label, size="2", weight="medium"),
                     box(value=value, on_change=lambda v: S.set_text(key, v), width="100%", id=f"channel-{key}"),
                     spacing="1", width="100%")


def _editor() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(rx.cond(S.editing_id == 0, t("New channel"), t("Edit channel"))),
        rx.vstack(
            _text(pt("thing", "Name"), "name", S.name),
            _text(t("Description"), "description", S.description, True),
            rx.grid(_text(t("Header"), "header_text", S.header_text, True), _text(t("Footer"), "footer_text", S.footer_text, True),
                    columns="2", spacing="3", width="100%"),
            rx.grid(_text(t("SEO title (70)"), "seo_title", S.seo_title), _text(t("SEO description (160)"), "seo_description",
                                                                             S.seo_description),
                    columns="2", spacing="3", width="100%"),
            rx.checkbox(t("Published (residents can browse it)"), checked=S.published, on_change=S.set_published),
            rx.heading(t("Fields of each entry"), size="3"),
            builder(S.fields, CHANNEL_TYPES, S.set_field_value, S.add_field_row, S.remove_field_row),
            error_callout(S.editor_error),
            rx.hstack(rx.button(t("Cancel"), variant="soft", on_click=S.close_editor),
                      rx.button(t("Save"), on_click=S.save, id="channel-save"), justify="end", width="100%"),
            spacing="2", width="100%"),
        max_width="760px"), open=S.editor_open, on_open_change=lambda _o: S.close_editor)


def _entries() -> rx.Component:
    return rx.cond(S.open_id != 0, rx.card(rx.vstack(
        rx.hstack(rx.heading(tf("Entries: {name}", name=S.open_name), size="4"), rx.spacer(),
                  rx.button(t("Close"), size="1", variant="soft", on_click=S.close_entries), width="100%"),
        rx.cond(S.entries.length() == 0, rx.text(t("No entries yet."), color_scheme="gray"),
                rx.table.root(
                    rx.table.header(rx.table.row(rx.foreach(S.entry_headers, rx.table.column_header_cell),
                                                 rx.table.column_header_cell(""))),
                    rx.table.body(rx.foreach(S.entries, lambda e: rx.table.row(
                        rx.foreach(e, rx.table.cell),
                        rx.table.cell(rx.hstack(
                            rx.button(t("Edit"), size="1", variant="soft", on_click=S.edit_entry(e[0]),
                                      class_name="entry-edit"),
                            rx.button(t("Delete"), size="1", variant="soft", color_scheme="red",
                                      on_click=S.delete_entry(e[0])), spacing="2"))))),
                    width="100%", id="entries-table")),
        rx.heading(rx.cond(S.entry_edit_id == 0, t("Add an entry"), tf("Edit entry #{id}", id=S.entry_edit_id)),
                   size="3", margin_top="0.5em", id="entry-form-title"),
        error_callout(S.entry_error),
        rx.form(rx.vstack(
            filler(S.entry_fields, S.entry_errors, S.entry_values),
            image_zones(S.image_labels, S.attached, [S.attach_image_0, S.attach_image_1, S.attach_image_2],
                        "entry-image"),
            rx.hstack(
                rx.button(rx.cond(S.entry_edit_id == 0, t("Add entry"), t("Save entry")), type="submit", id="entry-add"),
                rx.cond(S.entry_edit_id != 0, rx.button(t("Cancel editing"), type="button", variant="soft",
                                                        on_click=S.cancel_entry_edit)),
                spacing="2"),
            spacing="2", width="100%"), on_submit=S.save_entry, key=S.entry_form_key, width="100%"),
        spacing="2", width="100%"), width="100%", margin_top="1em"))


@area_page("/property/channels", "Channels · Property · Community Hub", "property", S.load)
def property_channels() -> rx.Component:
    return property_shell(
        page_header(t("Channels"), t("Guides and directories residents can browse."), error=S.error, notice=S.notice,
                    action=rx.button(rx.icon("plus", size=16), t("New channel"), on_click=S.new_channel, id="new-channel")),
        table_or_empty(S.rows, empty_state("book-open", t("No channels yet"), t("Make a service guide or a phone list.")),
                       (t("Channel"), t("Address"), t("Fields"), t("Status"), ""), _row, id="channels-table"),
        _entries(),
        _editor(),
    )
