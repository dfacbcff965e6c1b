"""Residents: community notices (live list, urgent ones highlighted) and one notice opened."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, page_header
from components.i18n import t
from components.shells import resident_shell
from state.resident.notices import ResidentNoticesState as S
from state.resident.notices import ResidentNoticeState as One


def _card(row: dict) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.cond(row["urgent"] != "", rx.icon("triangle_alert", size=18, color=rx.color("red", 10))),
                    rx.cond(row["pinned"] != "", rx.icon("pin", size=16)),
                    rx.text(row["title"], weight=rx.cond(row["read"] != "", "regular", "bold")),
                    rx.spacer(),
                    rx.cond(row["urgent"] != "", rx.badge(t("Urgent"), color_scheme="red")),
                    rx.cond(row["read"] == "", rx.badge(t("New"), color_scheme="blue")),
                    width="100%", align="center", spacing="2"),
                rx.text(row["when"], size="1", color_scheme="gray"),
                spacing="1", width="100%"),
            background=rx.cond(row["urgent"] != "", rx.color("red", 3), rx.color("gray", 1)),
            border=rx.cond(row["urgent"] != "", f"1px solid {rx.color('red', 7)}", "none"),
            width="100%",
        ),
        href="/notices/" + row["id"], underline="none", color="inherit", width="100%",
        class_name=rx.cond(row["urgent"] != "", "notice-card urgent", "notice-card"),
    )


@area_page("/notices", "Notices · Community Hub", "resident", S.load)
def resident_notices() -> rx.Component:
    return resident_shell(rx.box(
        page_header(t("Notices"), t("News from your property office. This list updates by itself."), error=S.error),
        rx.cond(
            S.rows.length() == 0,
            empty_state("megaphone", t("No notices right now"), t("When the office posts news, it appears here.")),
            rx.vstack(rx.foreach(S.rows, _card), spacing="2", width="100%", id="notices-list"),
        ),
        width="100%",
    ))


@area_page("/notices/[notice_id]", "Notice · Community Hub", "resident", One.load)
def resident_notice() -> rx.Component:
    return resident_shell(
        rx.link(rx.hstack(rx.icon("arrow-left", size=16), rx.text(t("All notices")), align="center"), href="/notices"),
        error_callout(One.error),
        rx.cond(
            One.title != "",
            rx.vstack(
                rx.cond(One.urgent, rx.callout(t("Urgent notice"), icon="triangle_alert", color_scheme="red", width="100%")),
                rx.heading(One.title, size="6", id="notice-title"),
                rx.text(One.published, size="1", color_scheme="gray"),
                rx.box(rx.markdown(One.body), id="notice-body", width="100%"),
                rx.hstack(rx.foreach(One.attachments, lambda name, i: rx.button(
                    rx.icon("paperclip", size=14), name, variant="soft", size="1", on_click=One.download(i))),
                    wrap="wrap", spacing="2", id="notice-attachments"),
                spacing="2", width="100%", margin_top="1em",
            ),
        ),
    )
