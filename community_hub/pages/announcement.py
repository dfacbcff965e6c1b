"""One platform announcement, for anyone it was sent to (opened from the banner or the inbox)."""

import reflex as rx

from components.area_page import area_page
from components.common import error_callout
from components.i18n import t
from components.shells import member_shell
from state.resident.announcement import AnnouncementState as S


@area_page("/announcements/[announcement_id]", "Announcement · Community Hub", "member", S.load)
def announcement_page() -> rx.Component:
    return member_shell(
        rx.link(rx.hstack(rx.icon("arrow-left", size=16), rx.text(t("Inbox")), align="center"), href="/inbox"),
        error_callout(S.error),
        rx.cond(
            S.title != "",
            rx.vstack(
                rx.hstack(rx.icon("megaphone", size=18), rx.text(t("Announcement from Community Hub"), size="2",
                                                                 color_scheme="gray"), align="center"),
                rx.heading(S.title, size="6", id="announcement-title"),
                rx.text(S.sent, size="1", color_scheme="gray"),
                rx.text(S.body, white_space="pre-wrap", id="announcement-body"),
                spacing="2", width="100%", margin_top="1em",
            ),
        ),
    )
