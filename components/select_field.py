"""A labelled native <select> posted with its form: keyboard and screen-reader friendly, named by
its <label for> (get_by_label finds it), the options from a list of {"value", "label"} dicts."""

from __future__ import annotations

import reflex as rx

from components.common import form_label

_STYLE = {"width": "100%", "padding": "0.5em", "border_radius": "6px",
          "border": f"1px solid {rx.color('gray', 7)}", "font_size": "1em", "background": rx.color("gray", 1)}


def select_field(label: str, name: str, options, *, placeholder: str | None = None, **props) -> rx.Component:
    """`options` is a state var (list of {"value", "label"}); `placeholder` adds a first empty choice."""
    first = [rx.el.option(placeholder, value="")] if placeholder is not None else []
    return rx.vstack(
        form_label(label, html_for=name),
        rx.el.select(*first, rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"])),
                     id=name, name=name, style=_STYLE, **props),
        spacing="1", width="100%",
    )
