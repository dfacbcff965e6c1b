"""A new version of the registration agreement or the platform rules, over a member's page until
they accept it (state/shared/agreement_gate.py). Log out is the other way out."""

from __future__ import annotations

import reflex as rx

from components.i18n import t, tf
from state.shared.agreement_gate import AgreementGateState as G
from state.shared.session import SessionState


def _document(doc) -> rx.Component:
    return rx.vstack(
        rx.heading(doc["title"], size="4", as_="h2"),
        rx.text(tf("Version {version}", version=doc["version"]), size="1", color_scheme="gray"),
        rx.box(rx.markdown(doc["body"]), max_height="40vh", overflow_y="auto", width="100%",
               padding="0.5em", border=f"1px solid {rx.color('gray', 5)}", border_radius="6px"),
        spacing="1", width="100%",
    )


def agreement_gate() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("Updated terms")),
            rx.dialog.description(t("Please read and accept the current version to go on."), size="2"),
            rx.vstack(rx.foreach(G.due, _document), spacing="3", width="100%", margin_y="1em"),
            rx.cond(G.error != "", rx.callout(G.error, color_scheme="red", icon="triangle_alert", width="100%")),
            rx.hstack(
                rx.button(t("Log out"), variant="soft", color_scheme="gray", on_click=SessionState.logout),
                rx.button(t("I accept"), on_click=G.accept, loading=G.busy, id="accept-terms"),
                justify="end", spacing="3", width="100%",
            ),
            max_width="640px",
        ),
        open=G.asking,
    )
