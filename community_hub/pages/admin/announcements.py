"""Admin (content): platform announcements — write one, choose who gets it, see what was sent."""

import reflex as rx

from components.area_page import area_page
from components.common import confirm_button, empty_state, form_label, page_header
from components.i18n import N_, t
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.announcements import AdminAnnouncementsState as S
from state.shared.back_office import AdminPermission

AUDIENCES = [("everyone", N_("Everyone")), ("residents", N_("Residents")), ("merchants", N_("Merchants")),
             ("agents", N_("Agents")), ("community", N_("One community's residents"))]


SELECT_STYLE = {"padding": "0.5em", "border_radius": "6px", "border": f"1px solid {rx.color('gray', 7)}"}


def _audience_word(code) -> rx.Component:
    return rx.match(code, *[(c, t(label)) for c, label in AUDIENCES], code)


def _form() -> rx.Component:
    return rx.card(rx.vstack(
        form_label(t("Title"), html_for="announcement-title-input"),
        rx.input(id="announcement-title-input", value=S.title, on_change=S.set_title, max_length=120, width="100%"),
        form_label(t("Text"), html_for="announcement-text"),
        rx.text_area(id="announcement-text", value=S.body, on_change=S.set_body, max_length=2000, rows="5",
                     width="100%"),
        form_label(t("Send to"), html_for="announcement-audience"),
        rx.el.select(*[rx.el.option(t(label), value=code) for code, label in AUDIENCES], id="announcement-audience",
                     value=S.audience, on_change=S.set_audience, style=SELECT_STYLE),
        rx.cond(S.audience == "community", rx.vstack(
            form_label(t("Community"), html_for="announcement-community"),
            rx.el.select(rx.el.option(t("Choose a community"), value=""),
                         rx.foreach(S.communities, lambda c: rx.el.option(c["label"], value=c["value"])),
                         id="announcement-community", value=S.community_id, on_change=S.set_community,
                         style=SELECT_STYLE),
            spacing="1")),
        confirm_button(rx.button(t("Send announcement"), disabled=S.busy | (S.title == "") | (S.body == ""),
                                 id="announcement-send"),
                       t("Send this announcement?"),
                       t("It goes to every inbox of the people you chose and shows as a banner on their pages "
                         "until they open it. It cannot be taken back."),
                       t("Yes, send"), S.publish),
        spacing="2", width="100%"), width="100%")


def _row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(r["title"]),
        rx.table.cell(_audience_word(r["audience"]), rx.cond(r["community"] != "", rx.text(r["community"], size="1"))),
        rx.table.cell(r["sent"]), rx.table.cell(r["recipients"]), rx.table.cell(r["read"]),
    )


@area_page("/admin/announcements", "Announcements · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.CONTENT)
def admin_announcements() -> rx.Component:
    return admin_shell(
        page_header(t("Announcements"), t("A message from the platform: it arrives in each person's inbox and "
                                          "shows as a banner on their pages until they open it."),
                    error=S.error, notice=S.notice),
        _form(),
        rx.heading(t("Sent"), size="4", margin_top="1em"),
        table_or_empty(S.rows, empty_state("megaphone", t("Nothing sent yet"), t("Announcements you send appear here.")),
                       (t("Title"), t("To"), t("Sent"), t("Recipients"), t("Opened")), _row, id="announcements-sent"),
    )
