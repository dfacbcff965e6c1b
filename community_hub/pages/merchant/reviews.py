"""Merchant: the shop's reviews and its one reply to each."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t, tf
from components.shells import merchant_shell
from state.merchant.reviews import MerchantReviewsState as St


def _review(row: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(row["stars"], color=rx.color("amber", 9), size="4"), rx.spacer(),
                  rx.text(row["at"], size="1", color_scheme="gray"), width="100%"),
        rx.text(row["text"]),
        rx.cond(row["reply"] != "",
                rx.box(rx.text(tf("Your reply ({at}): ", at=row["replied"]), size="1", color_scheme="gray"), rx.text(row["reply"]),
                       padding_left="1em", border_left=f"3px solid {rx.color('gray', 6)}"),
                rx.cond(St.replying_id == row["id"],
                        rx.vstack(rx.text_area(id="reply-text", value=St.reply, on_change=St.set_reply, width="100%",
                                               placeholder=t("You can reply once; it is shown under the review.")),
                                  rx.hstack(rx.button(t("Publish reply"), id="reply-send", on_click=St.send_reply),
                                            rx.button(t("Cancel"), variant="soft", on_click=St.start_reply(""))),
                                  width="100%"),
                        rx.button(t("Reply"), size="1", variant="soft", id="reply-" + row["id"],
                                  on_click=St.start_reply(row["id"])))),
        rx.cond(St.replying_id != "report:" + row["id"],
                rx.button(t("Report as abusive"), size="1", variant="ghost", color_scheme="red",
                          id="report-" + row["id"], on_click=St.start_report(row["id"]))),
        rx.cond(St.replying_id == "report:" + row["id"],
                rx.vstack(rx.input(id="report-reason", value=St.reply, on_change=St.set_reply, width="100%",
                                   placeholder=t("What is abusive about it")),
                          rx.hstack(rx.button(t("Send report"), id="report-send", color_scheme="red",
                                              on_click=St.send_report),
                                    rx.button(t("Cancel"), variant="soft", on_click=St.start_reply(""))),
                          width="100%")),
        spacing="2", width="100%"), width="100%")


@area_page("/merchant/reviews", "Reviews · Community Hub", "merchant", St.load)
def merchant_reviews() -> rx.Component:
    return merchant_shell(
        page_header(t("Reviews"), error=St.error, notice=St.notice),
        rx.cond(St.rows.length() == 0,
                empty_state("star", t("No reviews yet"), t("Customers can review an order after signing for it.")),
                rx.vstack(rx.foreach(St.rows, _review), width="100%", spacing="3")),
    )
