"""Where a payment's card is typed: on our own form with the demo provider, on the card company's
secure page with a hosted one (Stripe Checkout, reached through /pay). One rule decides it,
`payments/card_details.card_typed_here`, read by pages as `SessionState.card_here`; every form
that takes a card shows its fields through `card_entry`, so none shows a field nobody reads."""

from __future__ import annotations

import reflex as rx

from components.common import form_label
from components.i18n import t
from state.shared.session import SessionState


def typed_elsewhere() -> rx.Component:
    return rx.text(t("You pay on the card company's secure page next."), size="2", color_scheme="gray")


def card_entry(typed_here: rx.Component, elsewhere: rx.Component | None = None) -> rx.Component:
    """`typed_here` (the form's card fields) where the card is typed on our page, else `elsewhere`
    (by default the sentence saying the card company's page comes next)."""
    return rx.cond(SessionState.card_here, typed_here, elsewhere if elsewhere is not None else typed_elsewhere())


def demo_card_number(input_id: str, value: rx.Var, on_change) -> rx.Component:
    """A card number field with the demo cards under it, for a form that takes only the number."""
    return card_entry(rx.vstack(
        form_label(t("Card number"), html_for=input_id),
        rx.input(id=input_id, value=value, on_change=on_change, placeholder="4242 4242 4242 4242",
                 auto_complete="cc-number", input_mode="numeric", max_length=23, width="100%"),
        rx.text(t("Demo: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined."), size="1",
                color_scheme="gray"),
        spacing="2", width="100%"))
