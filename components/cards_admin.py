"""Pieces the card issuing centre's screens share: the tabs between programmes, batches and
cardholders, a labelled text input and native select bound to a state var, and a callout for a
dialog's own error."""

from __future__ import annotations

import reflex as rx

from components.common import form_label
from components.i18n import t

TABS = (("/admin/cards", "Programmes"), ("/admin/cards/batches", "Card batches"),
        ("/admin/cards/holders", "Cardholders"))

_SELECT_STYLE = {"width": "100%", "padding": "0.45em", "border_radius": "6px",
                 "border": f"1px solid {rx.color('gray', 7)}", "background": rx.color("gray", 1)}


def cards_tabs(current: str) -> rx.Component:
    """Links between the three screens; the one open is marked for screen readers too."""
    return rx.el.nav(
        rx.hstack(*[rx.link(rx.button(t(label), variant="solid" if route == current else "soft", size="2",
                                      tab_index=-1),
                            href=route, underline="none", **({"aria_current": "page"} if route == current else {}))
                    for route, label in TABS], spacing="2", wrap="wrap"),
        aria_label=t("Card issuing centre"))


def text_input(label, id_: str, value, on_change, *, hint=None, **props) -> rx.Component:
    parts = [form_label(label, html_for=id_), rx.input(id=id_, value=value, on_change=on_change, width="100%",
                                                       **props)]
    if hint is not None:
        parts.append(rx.text(hint, size="1", color_scheme="gray"))
    return rx.vstack(*parts, spacing="1", width="100%")


def select_input(label, id_: str, value, on_change, options, **props) -> rx.Component:
    """`options`: (value, English label) pairs shown translated, or a list var of {"value", "label"}."""
    if isinstance(options, (list, tuple)):
        choices = [rx.el.option(t(words), value=code) for code, words in options]
    else:
        choices = [rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"]))]
    return rx.vstack(form_label(label, html_for=id_),
                     rx.el.select(*choices, id=id_, value=value, on_change=on_change, style=_SELECT_STYLE, **props),
                     spacing="1", width="100%")


def dialog_error(message) -> rx.Component:
    return rx.cond(message != "", rx.callout(message, icon="triangle_alert", color_scheme="red", role="alert",
                                             width="100%"))
