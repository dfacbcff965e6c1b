"""/share/messages: my conversations about items, unread first, then the newest first (live)."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t, tf
from components.shells import resident_shell
from state.resident.share_messages import ShareMessagesState as S


def _row(r) -> rx.Component:
    return rx.link(rx.card(rx.hstack(
        rx.icon("message-circle", size=18),
        rx.vstack(rx.text(r["title"], weight=rx.cond(r["unread"] != "0", "bold", "regular")),
                  rx.text(tf("With {name} · {when}", name=r["name"], when=r["at"]), size="1", color_scheme="gray"),
                  spacing="0"),
        rx.spacer(),
        rx.cond(r["unread"] != "0", rx.badge(tf("{n} new", n=r["unread"]), color_scheme="red")),
        align="center", width="100%"), width="100%"), href="/share/items/" + r["item"], underline="none",
        width="100%", class_name="conversation")


@area_page("/share/messages", "Messages · Sharing · Community Hub", "resident", S.load)
def share_messages() -> rx.Component:
    return resident_shell(rx.vstack(
        rx.link(t("← Items"), href="/share/items", size="2"),
        page_header(t("Messages"), t("Your conversations about items."), error=S.error),
        rx.cond(S.rows.length() == 0,
                rx.cond(S.loaded, empty_state("message-circle", t("No conversations yet"),
                                              t("Write to a neighbour about an item and the conversation appears here."))),
                rx.vstack(rx.foreach(S.rows, _row), width="100%", spacing="2")),
        width="100%"))
