"""A member's questions to shops, and the answers."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, form_label, page_header
from components.i18n import t
from components.shells import member_shell
from state.resident.questions import QuestionsState as S

SELECT_STYLE = {"padding": "0.5em", "border_radius": "6px", "border": f"1px solid {rx.color('gray', 7)}"}


def _row(q: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(rx.text.strong(q["shop"]), " · ", q["at"], size="1", color_scheme="gray"),
        rx.text(q["text"]),
        rx.cond(q["answer"] != "",
                rx.text(rx.text.strong(rx.cond(q["by_platform"] == "1", t("Customer service: "), t("The shop: "))),
                        q["answer"], size="2"),
                rx.text(t("Waiting for an answer."), size="2", color_scheme="gray")),
        spacing="1", width="100%"), width="100%")


@area_page("/questions", "Questions to shops · Community Hub", "member", S.load)
def questions_page() -> rx.Component:
    return member_shell(
        page_header(t("Questions to shops"), t("Ask a shop before you buy: delivery, sizes, returns."),
                    error=S.error, notice=S.notice),
        rx.card(rx.vstack(
            form_label(t("Shop to ask"), html_for="question-shop"),
            rx.el.select(rx.el.option(t("Choose a shop"), value=""),
                         rx.foreach(S.shops, lambda s: rx.el.option(s["label"], value=s["value"])),
                         id="question-shop", value=S.shop, on_change=S.set_shop, style=SELECT_STYLE),
            form_label(t("Your question"), html_for="question-text"),
            rx.text_area(id="question-text", value=S.text, on_change=S.set_text, max_length=1000, width="100%"),
            rx.button(t("Ask"), on_click=S.ask, disabled=S.busy | (S.text == "") | (S.shop == ""), id="question-ask"),
            spacing="2", width="100%"), width="100%"),
        rx.heading(t("Your questions"), size="4", margin_top="1em"),
        rx.cond(S.rows.length() == 0,
                empty_state("message-circle-question", t("No questions yet"), t("Questions you ask appear here "
                                                                                 "with their answers.")),
                rx.vstack(rx.foreach(S.rows, _row), width="100%", id="my-questions")),
    )
