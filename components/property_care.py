"""A care conversation: messages from the resident and the office, in order."""

from __future__ import annotations

import reflex as rx

from components.i18n import N_, t

# A conversation's status and kind arrive as codes; each reads in the reader's language.
STATUS_WORDS = {"open": N_("open"), "answered": N_("answered"), "closed": N_("closed")}
KIND_WORDS = {"question": N_("question"), "suggestion": N_("suggestion"), "complaint": N_("complaint"),
              "praise": N_("praise")}


def _word(code, words: dict) -> rx.Var:
    return rx.match(code, *[(k, t(v)) for k, v in words.items()], code)


def conversation(messages) -> rx.Component:
    return rx.vstack(
        rx.foreach(messages, lambda m: rx.box(
            rx.text(m["author"], rx.cond(m["staff"] != "", t(" (office)"), ""), " · ", m["at"], size="1",
                    color_scheme="gray"),
            rx.text(m["body"], size="2", white_space="pre-wrap"),
            background=rx.cond(m["staff"] != "", rx.color("teal", 3), rx.color("gray", 3)),
            padding="0.5em 0.75em", border_radius="8px", width="100%",
            class_name=rx.cond(m["staff"] != "", "care-msg staff", "care-msg"))),
        spacing="2", width="100%",
    )


def kind_badge(kind) -> rx.Component:
    return rx.badge(_word(kind, KIND_WORDS))


def status_badge(status) -> rx.Component:
    return rx.badge(_word(status, STATUS_WORDS), color_scheme=rx.match(status, ("open", "amber"), ("answered", "green"), "gray"),
                    class_name="care-status")

