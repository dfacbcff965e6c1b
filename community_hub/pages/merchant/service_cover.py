"""Merchant: customer service — the platform's cover (apply, pay the month) and the questions
the shop answers itself."""

import reflex as rx

from components.area_page import area_page
from components.card_entry import card_entry
from components.common import confirm_button, empty_state, form_label, page_header
from components.i18n import t, tf
from components.shells import merchant_shell
from state.merchant.service_cover import MerchantServiceCoverState as S
from state.shared.session import SessionState


def _cover() -> rx.Component:
    apply_form = rx.vstack(
        form_label(t("A note for the platform (optional)"), html_for="cover-note"),
        rx.text_area(id="cover-note", value=S.note, on_change=S.set_note, max_length=300, width="100%"),
        rx.button(t("Ask for customer-service cover"), on_click=S.apply, disabled=S.busy, id="cover-apply"),
        spacing="2", width="100%")
    pay_form = rx.vstack(
        card_entry(rx.vstack(
            form_label(t("Card number"), html_for="cover-card"),
            rx.input(id="cover-card", value=S.card, on_change=S.set_card, input_mode="numeric",
                     auto_complete="cc-number", width="20em"),
            spacing="2")),
        confirm_button(rx.button(tf("Pay {fee} for 30 days", fee=S.fee),
                                 disabled=S.busy | (SessionState.card_here & (S.card == "")), id="cover-pay"),
                       t("Pay for customer-service cover?"),
                       tf("{fee} is charged to the card now for 30 days of cover.", fee=S.fee), t("Yes, pay"), S.pay),
        spacing="2")
    return rx.card(rx.vstack(
        rx.heading(t("Platform customer service"), size="4"),
        rx.text(tf("The platform answers your customers' questions for you, for {fee} a month.", fee=S.fee), size="2"),
        rx.match(
            S.status,
            ("applied", rx.callout(t("Asked: the platform is reviewing your request."), icon="clock")),
            ("approved", rx.vstack(rx.callout(t("Approved. Pay the first month to start."), icon="circle-check",
                                              color_scheme="green"), pay_form, width="100%")),
            ("active", rx.vstack(rx.callout(tf("The platform answers your customers until {until}.",
                                               until=S.paid_until), icon="headset", color_scheme="green",
                                            id="cover-active"), pay_form, width="100%")),
            ("rejected", rx.vstack(rx.callout(tf("Not approved: {reason}", reason=S.reason), icon="circle-x",
                                              color_scheme="red"), apply_form, width="100%")),
            apply_form,
        ),
        spacing="3", width="100%"), width="100%", max_width="640px")


def _question(q: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(rx.text.strong(q["asker"]), " · ", q["at"], size="1", color_scheme="gray"),
        rx.text(q["text"]),
        rx.cond(
            q["answer"] != "",
            rx.text(rx.text.strong(t("Your answer: ")), q["answer"], size="2"),
            rx.cond(
                S.answering_id == q["id"],
                rx.vstack(
                    form_label(t("Your answer"), html_for="answer-text"),
                    rx.text_area(id="answer-text", value=S.answer_text, on_change=S.set_answer_text, max_length=1000,
                                 width="100%"),
                    rx.button(t("Send answer"), on_click=S.send_answer, disabled=S.busy), width="100%"),
                rx.button(t("Answer"), size="1", variant="soft", on_click=S.start_answer(q["id"]),
                          aria_label=tf("Answer {name}", name=q["asker"])),
            ),
        ),
        spacing="1", width="100%"), width="100%")


@area_page("/merchant/service", "Customer service · Community Hub", "merchant", S.load)
def merchant_service() -> rx.Component:
    return merchant_shell(
        page_header(t("Customer service"), t("Your customers' questions, and the platform's offer to answer them for "
                                             "you."), error=S.error, notice=S.notice),
        _cover(),
        rx.heading(t("Questions to answer"), size="4", margin_top="1em"),
        rx.cond(S.questions.length() == 0,
                empty_state("message-circle-question", t("No questions"),
                            rx.cond(S.covered, t("The platform answers your customers while your cover runs."),
                                    t("Questions residents ask your shop appear here."))),
                rx.vstack(rx.foreach(S.questions, _question), width="100%", id="shop-questions")),
    )
