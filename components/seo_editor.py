"""A public page's "Search engines" button and dialog, shown to whoever owns the page (the state's
`seo_ref` is set only for them; the service checks again when saving)."""

from __future__ import annotations

import reflex as rx

from components.common import form_label
from components.i18n import t
from state.site.seo_editor import SeoEditorState as E


def _input(label: str, name: str, value, placeholder, limit: int, area: bool = False) -> rx.Component:
    widget = (rx.text_area(name=name, id=f"seo-{name}", default_value=value, placeholder=placeholder, max_length=limit,
                           width="100%") if area else
              rx.input(name=name, id=f"seo-{name}", default_value=value, placeholder=placeholder, max_length=limit,
                       width="100%"))
    return rx.vstack(form_label(label, html_for=f"seo-{name}"), widget, spacing="1", width="100%")


def seo_editor(kind: str, ref) -> rx.Component:
    """`ref`: the state var holding the page's id when the reader may edit it, else ""."""
    return rx.cond(ref != "", rx.fragment(
        rx.button(rx.icon("search", size=14), t("Search engines"), size="1", variant="soft", id="seo-edit",
                  on_click=E.open_editor(kind, ref)),
        rx.cond(E.notice != "", rx.text(E.notice, size="2", color_scheme="green", id="seo-notice")),
        rx.dialog.root(rx.dialog.content(
            rx.dialog.title(t("Search engines")),
            rx.dialog.description(t("What search results show for this page. Empty fields use the page's own name and text."),
                                  size="2"),
            rx.form(rx.vstack(
                _input(t("Title"), "title", E.title, E.default_title, 70),
                _input(t("Description"), "description", E.description, E.default_description, 160, area=True),
                _input(t("Keywords (separated by commas)"), "keywords", E.keywords, "", 200),
                rx.cond(E.error != "", rx.callout(E.error, color_scheme="red", icon="triangle_alert", width="100%")),
                rx.hstack(rx.button(t("Cancel"), type="button", variant="soft", color_scheme="gray", on_click=E.close),
                          rx.button(t("Save"), type="submit", loading=E.busy, id="seo-save"),
                          justify="end", spacing="3", width="100%"),
                spacing="3", width="100%"), on_submit=E.save, reset_on_submit=False),
            max_width="520px"), open=E.opened, on_open_change=lambda _open: E.close()),
    ))
