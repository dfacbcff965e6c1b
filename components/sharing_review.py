"""The mutual review of a sharing deal (a completed item or parking booking), for any sharing
screen: put `review_dialog()` once on the page and a `review_button("item"|"booking", id_var,
other_name_var)` beside each completed deal. The dialog shows my review, the other side's once
both wrote or the 14 days are over, or the form (1–5 and a comment) while I may still write; a
published review of me can be reported to the admins."""

from __future__ import annotations

import reflex as rx

from components.common import form_label
from components.dialogs import focus_kept
from components.i18n import t, tf
from state.resident.share_reviews import SharingReviewState as R

SELECT_STYLE = {"padding": "0.5em", "border_radius": "6px", "border": f"1px solid {rx.color('gray', 7)}"}


def review_button(kind: str, deal_id, other_name="", **props) -> rx.Component:
    """Opens the review dialog for one deal; `deal_id` and `other_name` may be Vars of a row."""
    return rx.button(rx.icon("star", size=16), t("Reviews"), variant="soft", size="2",
                     on_click=R.show(kind, deal_id, other_name), **props)


def _shown(prefix: str, heading) -> rx.Component:
    b = R.box
    return rx.vstack(
        rx.text(heading, weight="medium", size="2"),
        rx.text(b[prefix + "stars"], color=rx.color("amber", 9), role="img", aria_label=tf("{n} of 5", n=b[prefix + "rating"])),
        rx.cond(b[prefix + "comment"] != "", rx.text(b[prefix + "comment"], size="2")),
        rx.text(b[prefix + "at"], size="1", color_scheme="gray"),
        spacing="1", width="100%", class_name=prefix + "review")


def _form() -> rx.Component:
    return rx.form(rx.vstack(
        rx.text(tf("Write by {when}. Neither of you sees the other's review until both have written.", when=R.box["ends"]),
                size="1", color_scheme="gray"),
        form_label(t("Rating"), html_for="review-rating"),
        rx.el.select(*[rx.el.option(tf("{n} of 5", n=str(n)), value=str(n)) for n in (5, 4, 3, 2, 1)],
                     id="review-rating", name="rating", default_value="5", style=SELECT_STYLE),
        form_label(t("Comment"), html_for="review-comment"),
        rx.text_area(id="review-comment", name="comment", max_length=500, width="100%"),
        rx.button(t("Send the review"), type="submit", disabled=R.busy),
        spacing="2", width="100%"), on_submit=R.write, reset_on_submit=True, width="100%")


def _report() -> rx.Component:
    return rx.cond(R.reporting != "", rx.form(rx.vstack(
        form_label(t("What is wrong with this review?"), html_for="review-report-reason"),
        rx.text_area(id="review-report-reason", name="reason", max_length=500, width="100%", required=True),
        rx.button(t("Send the report"), type="submit", color_scheme="red", variant="soft", disabled=R.busy),
        spacing="2", width="100%"), on_submit=R.send_report, reset_on_submit=True, width="100%"),
        rx.button(t("Report this review"), variant="ghost", color_scheme="red", size="1",
                  on_click=R.start_report(R.box["theirs_id"])))


def review_dialog() -> rx.Component:
    b = R.box
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(rx.cond(R.other != "", tf("Reviews with {name}", name=R.other), t("Reviews"))),
        rx.cond(R.error != "", rx.callout(R.error, icon="triangle-alert", color_scheme="red", role="alert")),
        rx.cond(R.notice != "", rx.callout(R.notice, icon="check", color_scheme="green", role="status")),
        rx.vstack(
            rx.cond(b.contains("mine_rating"), _shown("mine_", t("Your review")),
                    rx.cond(b["can_write"] != "", _form(),
                            rx.text(t("The time to review this has passed."), size="2", color_scheme="gray"))),
            rx.cond(b.contains("theirs_rating"), rx.vstack(_shown("theirs_", t("Their review of you")), _report(),
                                                           width="100%"),
                    rx.cond(b["waiting"] != "", rx.text(t("Their review is shown once they have written it."),
                                                         size="2", color_scheme="gray"))),
            spacing="4", width="100%"),
        rx.hstack(rx.dialog.close(rx.button(t("Close"), variant="soft")), justify="end", margin_top="1em"),
        **focus_kept()), open=R.open, on_open_change=R.set_open)
