"""Staff: notices — write (audience, pinned, urgent, publish/expire times), publish, withdraw, read receipts."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, form_label, page_header
from components.property_repairs import photo_picker
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.notices import ATTACH_UPLOAD_ID, AUDIENCES
from state.property.notices import PropertyNoticesState as S


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.hstack(
            rx.cond(row["pinned"] != "", rx.icon("pin", size=14)),
            rx.text(row["title"], weight="medium"),
            rx.cond(row["urgent"] != "", rx.badge("urgent", color_scheme="red")),
            align="center", spacing="2")),
        rx.table.cell(rx.badge(row["status"], color_scheme=rx.match(
            row["status"], ("published", "green"), ("withdrawn", "gray"), "amber"))),
        rx.table.cell(row["audience"]),
        rx.table.cell(rx.vstack(
            rx.text(row["published"], size="1"),
            rx.cond(row["publish_at"] != "", rx.text("from ", row["publish_at"], size="1", color_scheme="gray")),
            rx.cond(row["expire_at"] != "", rx.text("until ", row["expire_at"], size="1", color_scheme="gray")),
            spacing="0")),
        rx.table.cell(rx.hstack(
            rx.button("Edit", size="1", variant="soft", on_click=S.edit(row["id"])),
            rx.cond(row["status"] != "published",
                    rx.button("Publish", size="1", color_scheme="green", on_click=S.publish(row["id"])),
                    rx.fragment(
                        rx.button("Read by", size="1", variant="soft", on_click=S.show_receipts(row)),
                        rx.button("Withdraw", size="1", variant="soft", color_scheme="red",
                                  on_click=S.withdraw(row["id"])),
                    )),
            spacing="2")),
        class_name="notice-row",
    )


def _label(text: str, html_for: str) -> rx.Component:
    return form_label(text, html_for=html_for)


def _editor() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing_id == 0, "New notice", "Edit notice")),
            rx.vstack(
                error_callout(S.editor_error),
                _label("Title", "notice-title"),
                rx.input(id="notice-title", value=S.title, on_change=S.set_title, width="100%"),
                _label("Text (markdown)", "notice-body"),
                rx.text_area(id="notice-body", value=S.body, on_change=S.set_body, rows="6", width="100%"),
                rx.hstack(
                    rx.checkbox("Pinned to the top", checked=S.pinned, on_change=S.set_pinned, id="notice-pinned"),
                    rx.checkbox("Urgent (also SMS and email)", checked=S.urgent, on_change=S.set_urgent,
                                id="notice-urgent", color_scheme="red"),
                    spacing="4", wrap="wrap"),
                _label("Who is it for", "notice-audience"),
                rx.select(AUDIENCES, value=S.audience, on_change=S.set_audience, id="notice-audience"),
                rx.cond(S.audience == "buildings", rx.vstack(
                    _label("Buildings (comma separated)", "notice-buildings"),
                    rx.input(id="notice-buildings", value=S.buildings, on_change=S.set_buildings,
                             placeholder="A, B", width="100%"), width="100%", spacing="1")),
                rx.cond(S.audience == "households", rx.vstack(
                    _label("Homes (comma separated)", "notice-units"),
                    rx.input(id="notice-units", value=S.units, on_change=S.set_units,
                             placeholder="A-101, B-204", width="100%"), width="100%", spacing="1")),
                rx.grid(
                    rx.vstack(_label("Show from (local time, optional)", "notice-publish-at"),
                              rx.input(type="datetime-local", id="notice-publish-at", value=S.publish_at,
                                       on_change=S.set_publish_at), spacing="1"),
                    rx.vstack(_label("Take down at (local time, optional)", "notice-expire-at"),
                              rx.input(type="datetime-local", id="notice-expire-at", value=S.expire_at,
                                       on_change=S.set_expire_at), spacing="1"),
                    columns="2", spacing="3", width="100%"),
                photo_picker(ATTACH_UPLOAD_ID, "Attach files", "(images or PDF, up to 5 MB each; added on save)"),
                rx.hstack(
                    rx.button("Cancel", variant="soft", on_click=S.close_editor),
                    rx.button("Save draft", variant="soft", disabled=S.busy, id="notice-save",
                              on_click=S.save(rx.upload_files(upload_id=ATTACH_UPLOAD_ID))),
                    rx.button(rx.cond(S.busy, rx.spinner(size="2"), rx.fragment()), "Save and publish",
                              on_click=S.save_and_publish(rx.upload_files(upload_id=ATTACH_UPLOAD_ID)),
                              disabled=S.busy, id="notice-publish"),
                    justify="end", width="100%", margin_top="0.5em"),
                spacing="2", width="100%",
            ),
            max_width="640px",
        ),
        open=S.editor_open,
        on_open_change=lambda _open: S.close_editor,
    )


def _people(rows, empty: str) -> rx.Component:
    return rx.cond(rows.length() == 0, rx.text(empty, color_scheme="gray", size="2"),
                   rx.vstack(rx.foreach(rows, lambda r: rx.hstack(
                       rx.text(r["name"], size="2"), rx.badge(r["home"]), rx.text(r["at"], size="1", color_scheme="gray"),
                       spacing="2", align="center")), spacing="1"))


def _receipts() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Who has read: ", S.receipts_title),
            rx.heading("Read (", S.receipts_read.length(), ")", size="3", margin_top="0.5em"),
            rx.box(_people(S.receipts_read, "Nobody yet."), id="receipts-read"),
            rx.heading("Not yet read (", S.receipts_unread.length(), ")", size="3", margin_top="1em"),
            rx.box(_people(S.receipts_unread, "Everyone has read it."), id="receipts-unread"),
            rx.hstack(rx.button("Close", variant="soft", on_click=S.close_receipts), justify="end", margin_top="1em"),
        ),
        open=S.receipts_open,
        on_open_change=lambda _open: S.close_receipts,
    )


@area_page("/property/notices", "Notices · Property · Community Hub", "property", S.load)
def property_notices() -> rx.Component:
    return property_shell(
        page_header("Notices", "Drafts are only seen by staff until published.", error=S.error, notice=S.notice,
                    action=rx.button(rx.icon("plus", size=16), "New notice", on_click=S.new_notice, id="new-notice")),
        table_or_empty(S.rows, empty_state("megaphone", "No notices yet", "Write one to tell residents what is going on."),
                       ("Notice", "Status", "For", "Published", ""), _row, id="notices-table"),
        _editor(),
        _receipts(),
    )
