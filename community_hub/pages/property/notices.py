"""Staff: notices — write (audience, pinned, urgent, publish/expire times), publish, withdraw, read receipts."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, form_label, page_header
from components.i18n import N_, t, tf
from components.property_repairs import photo_picker
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.notices import ATTACH_UPLOAD_ID, AUDIENCES
from state.property.notices import PropertyNoticesState as S

# The audience choices as the select shows them (the values stay the state's words).
_AUDIENCE_NAMES = {"community": N_("community"), "buildings": N_("buildings"), "households": N_("households")}


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.hstack(
            rx.cond(row["pinned"] != "", rx.icon("pin", size=14)),
            rx.text(row["title"], weight="medium"),
            rx.cond(row["urgent"] != "", rx.badge(t("urgent"), color_scheme="red")),
            align="center", spacing="2")),
        rx.table.cell(rx.badge(rx.match(row["status"], ("published", t("published")), ("withdrawn", t("withdrawn")),
                                              ("draft", t("draft")), row["status"]), color_scheme=rx.match(
            row["status"], ("published", "green"), ("withdrawn", "gray"), "amber"))),
        rx.table.cell(row["audience"]),
        rx.table.cell(rx.vstack(
            rx.text(row["published"], size="1"),
            rx.cond(row["publish_at"] != "", rx.text(tf("from {when}", when=row["publish_at"]), size="1", color_scheme="gray")),
            rx.cond(row["expire_at"] != "", rx.text(tf("until {when}", when=row["expire_at"]), size="1", color_scheme="gray")),
            spacing="0")),
        rx.table.cell(rx.hstack(
            rx.button(t("Edit"), size="1", variant="soft", on_click=S.edit(row["id"])),
            rx.cond(row["status"] != "published",
                    rx.button(t("Publish"), size="1", color_scheme="green", on_click=S.publish(row["id"])),
                    rx.fragment(
                        rx.button(t("Read by"), size="1", variant="soft", on_click=S.show_receipts(row)),
                        rx.button(t("Withdraw"), size="1", variant="soft", color_scheme="red",
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
            rx.dialog.title(rx.cond(S.editing_id == 0, t("New notice"), t("Edit notice"))),
            rx.vstack(
                error_callout(S.editor_error),
                _label(t("Title"), "notice-title"),
                rx.input(id="notice-title", value=S.title, on_change=S.set_title, width="100%"),
                _label(t("Text (markdown)"), "notice-body"),
                rx.text_area(id="notice-body", value=S.body, on_change=S.set_body, rows="6", width="100%"),
                rx.hstack(
                    rx.checkbox(t("Pinned to the top"), checked=S.pinned, on_change=S.set_pinned, id="notice-pinned"),
                    rx.checkbox(t("Urgent (also SMS and email)"), checked=S.urgent, on_change=S.set_urgent,
                                id="notice-urgent", color_scheme="red"),
                    spacing="4", wrap="wrap"),
                _label(t("Who is it for"), "notice-audience"),
                rx.select.root(rx.select.trigger(id="notice-audience"), rx.select.content(
                    *[rx.select.item(t(_AUDIENCE_NAMES[a]), value=a) for a in AUDIENCES]),
                    value=S.audience, on_change=S.set_audience),
                rx.cond(S.audience == "buildings", rx.vstack(
                    _label(t("Buildings (comma separated)"), "notice-buildings"),
                    rx.input(id="notice-buildings", value=S.buildings, on_change=S.set_buildings,
                             placeholder="A, B", width="100%"), width="100%", spacing="1")),
                rx.cond(S.audience == "households", rx.vstack(
                    _label(t("Homes (comma separated)"), "notice-units"),
                    rx.input(id="notice-units", value=S.units, on_change=S.set_units,
                             placeholder="A-101, B-204", width="100%"), width="100%", spacing="1")),
                rx.grid(
                    rx.vstack(_label(t("Show from (local time, optional)"), "notice-publish-at"),
                              rx.input(type="datetime-local", id="notice-publish-at", value=S.publish_at,
                                       on_change=S.set_publish_at), spacing="1"),
                    rx.vstack(_label(t("Take down at (local time, optional)"), "notice-expire-at"),
                              rx.input(type="datetime-local", id="notice-expire-at", value=S.expire_at,
                                       on_change=S.set_expire_at), spacing="1"),
                    columns="2", spacing="3", width="100%"),
                photo_picker(ATTACH_UPLOAD_ID, t("Attach files"), t("(images or PDF, up to 5 MB each; added on save)")),
                rx.hstack(
                    rx.button(t("Cancel"), variant="soft", on_click=S.close_editor),
                    rx.button(t("Save draft"), variant="soft", disabled=S.busy, id="notice-save",
                              on_click=S.save(rx.upload_files(upload_id=ATTACH_UPLOAD_ID))),
                    rx.button(rx.cond(S.busy, rx.spinner(size="2"), rx.fragment()), t("Save and publish"),
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
            rx.dialog.title(tf("Who has read: {title}", title=S.receipts_title)),
            rx.heading(tf("Read ({count})", count=S.receipts_read.length()), size="3", margin_top="0.5em"),
            rx.box(_people(S.receipts_read, t("Nobody yet.")), id="receipts-read"),
            rx.heading(tf("Not yet read ({count})", count=S.receipts_unread.length()), size="3", margin_top="1em"),
            rx.box(_people(S.receipts_unread, t("Everyone has read it.")), id="receipts-unread"),
            rx.hstack(rx.button(t("Close"), variant="soft", on_click=S.close_receipts), justify="end", margin_top="1em"),
        ),
        open=S.receipts_open,
        on_open_change=lambda _open: S.close_receipts,
    )


@area_page("/property/notices", "Notices · Property · Community Hub", "property", S.load)
def property_notices() -> rx.Component:
    return property_shell(
        page_header(t("Notices"), t("Drafts are only seen by staff until published."), error=S.error, notice=S.notice,
                    action=rx.button(rx.icon("plus", size=16), t("New notice"), on_click=S.new_notice, id="new-notice")),
        table_or_empty(S.rows, empty_state("megaphone", t("No notices yet"), t("Write one to tell residents what is going on.")),
                       (t("Notice"), t("Status"), t("For"), t("Published"), ""), _row, id="notices-table"),
        _editor(),
        _receipts(),
    )
