"""Admin: reported reviews (moderation queue)."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t, tf
from components.shells import admin_shell
from state.admin.market_reviews import AdminReviewsState as St
from state.shared.back_office import AdminPermission


def _report(row: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(row["shop"], weight="bold"), rx.text(row["stars"], color=rx.color("amber", 9)),
                  rx.spacer(), rx.text(tf("reported {when}", when=row["at"]), size="1", color_scheme="gray"), width="100%"),
        rx.text(row["text"]),
        rx.cond(row["reply"] != "", rx.text(tf("Shop's reply: {reply}", reply=row["reply"]), size="1", color_scheme="gray")),
        rx.text(tf("Reason given: {reason}", reason=row["reason"]), size="2", color_scheme="red"),
        rx.hstack(rx.button(t("Hide review"), color_scheme="red", id="hide-" + row["id"], on_click=St.decide(row["id"], True)),
                  rx.button(t("Keep it"), variant="soft", id="keep-" + row["id"], on_click=St.decide(row["id"], False))),
        width="100%"), width="100%", id="report-" + row["id"])


def _sharing(row: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.badge(row["kind"]), rx.text(row["author"], weight="bold"), rx.spacer(),
                  rx.text(tf("reported {when} by {name}", when=row["at"], name=row["reporter"]), size="1",
                          color_scheme="gray"), width="100%"),
        rx.text(row["text"], white_space="pre-wrap"),
        rx.text(tf("Reason given: {reason}", reason=row["reason"]), size="2", color_scheme="red"),
        rx.hstack(rx.button(t("Take it down"), color_scheme="red", id="take-down-" + row["id"],
                            on_click=St.decide_sharing(row["id"], True)),
                  rx.button(t("Keep it"), variant="soft", id="keep-sharing-" + row["id"],
                            on_click=St.decide_sharing(row["id"], False))),
        width="100%"), width="100%", id="sharing-report-" + row["id"])


@area_page("/admin/reviews", "Reported reviews · Community Hub", "admin", St.load,
           permission=AdminPermission.REVIEW)
def admin_reviews() -> rx.Component:
    return admin_shell(
        page_header(t("Reported reviews"), error=St.error, notice=St.notice),
        rx.cond(St.rows.length() == 0, empty_state("shield-check", t("Nothing to moderate"), t("Reported reviews appear here.")),
                rx.vstack(rx.foreach(St.rows, _report), width="100%", spacing="3")),
        rx.heading(t("Reported in neighbour sharing"), size="4", margin_top="1em"),
        rx.cond(St.sharing.length() == 0,
                rx.text(t("No reported items, messages or sharing reviews."), size="2", color_scheme="gray"),
                rx.vstack(rx.foreach(St.sharing, _sharing), width="100%", spacing="3")),
    )
