"""A link that looks like a button (Checkout, Search, Printable): ONE stop for the Tab key. A
button nested in a link made two stops for one place to go, the second (the button) doing nothing
on Enter or Space by itself; here the link is what takes focus and shows the ring, the button
inside is only its look (tabindex -1, never focused)."""

from __future__ import annotations

import reflex as rx


def link_button(*children, href, **button_props) -> rx.Component:
    """`children` and `button_props` as rx.button takes them (an `id` stays on the button, where
    tests and styles found it); `href` where it goes."""
    return rx.link(rx.button(*children, tab_index=-1, **button_props), href=href, underline="none")
