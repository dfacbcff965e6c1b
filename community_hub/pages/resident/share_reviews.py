"""/share/reviews: the completed items and bookings I may still review, and the reviews I received
(published: both wrote, or the 14 days are over)."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t, tf
from components.sharing_review import review_button, review_dialog
from components.shells import resident_shell
from state.resident.share_reviews import ShareReviewsState as S


def _todo(r) -> rx.Component:
    return rx.card(rx.hstack(
        rx.icon(rx.cond(r["kind"] == "item", "package", "car"), size=18),
        rx.vstack(rx.text(r["title"], weight="bold"),
                  rx.text(tf("With {name} · review by {when}", name=r["name"], when=r["ends"]), size="1",
                          color_scheme="gray"), spacing="0"),
        rx.spacer(),
        rx.cond(r["kind"] == "item", review_button("item", r["id"], r["name"]),
                review_button("booking", r["id"], r["name"])),
        align="center", width="100%"), width="100%", class_name="to-review")


def _received(r) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(r["stars"], color=rx.color("amber", 9), role="img", aria_label=tf("{n} of 5", n=r["rating"])),
                  rx.text(r["name"], weight="medium"), rx.spacer(), rx.text(r["at"], size="1", color_scheme="gray"),
                  width="100%", align="center"),
        rx.cond(r["comment"] != "", rx.text(r["comment"], size="2")),
        spacing="1", width="100%"), width="100%", class_name="received-review")


@area_page("/share/reviews", "Reviews · Sharing · Community Hub", "resident", S.load)
def share_reviews() -> rx.Component:
    return resident_shell(rx.vstack(
        rx.link(t("← Sharing"), href="/share", size="2"),
        page_header(t("Sharing reviews"), t("After a completed item or booking, each side rates the other within 14 days."),
                    error=S.error),
        rx.heading(t("To review"), size="4"),
        rx.cond(S.todo.length() == 0, rx.text(t("Nothing to review right now."), size="2", color_scheme="gray"),
                rx.vstack(rx.foreach(S.todo, _todo), width="100%", spacing="2")),
        rx.heading(t("Reviews of you"), size="4", margin_top="1em"),
        rx.cond(S.received.length() == 0,
                rx.cond(S.loaded, empty_state("star", t("No reviews yet"),
                                              t("A review shows once both of you have written or the 14 days are over."))),
                rx.vstack(rx.foreach(S.received, _received), width="100%", spacing="2")),
        review_dialog(),
        width="100%"))
