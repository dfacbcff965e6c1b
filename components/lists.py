"""Lists of cards: each card a link to the item's own page, its name in bold over a line of text."""

from __future__ import annotations

import reflex as rx


def card_links(rows, title_key: str, href, **props) -> rx.Component:
    """`rows`: a list var of dicts with `title_key` and "description"; `href(row)` builds the link."""
    return rx.vstack(
        rx.foreach(rows, lambda r: rx.link(rx.card(
            rx.text(r[title_key], weight="bold"), rx.text(r["description"], size="2", color_scheme="gray"),
            width="100%"), href=href(r), underline="none", color="inherit", width="100%")),
        spacing="2", width="100%", **props)
