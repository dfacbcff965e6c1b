"""Small pieces every screen uses: flash banner, error/notice callouts, form fields, pager."""

from __future__ import annotations

import reflex as rx

from components.i18n import t, tf
from state.shared.session import SessionState


def hydration_marker() -> rx.Component:
    """Present once the page is connected to its state: browser tests wait for it before clicking."""
    return rx.cond(rx.State.is_hydrated, rx.el.span(id="hydrated", display="none"))


def flash_banner() -> rx.Component:
    return rx.fragment(hydration_marker(), _flash())


def _flash() -> rx.Component:
    return rx.cond(
        SessionState.flash != "",
        rx.callout.root(
            rx.hstack(
                rx.callout.text(SessionState.flash, id="flash"),
                rx.spacer(),
                rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", on_click=SessionState.dismiss_flash,
                               aria_label=t("Dismiss")),
                width="100%", align="center",
            ),
            color_scheme=rx.match(SessionState.flash_kind, ("error", "red"), ("success", "green"), "blue"),
            width="100%",
            margin_bottom="1em",
        ),
    )


def error_callout(message) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
    )


def notice_callout(message) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="info", color_scheme="green", role="status", width="100%"),
    )


_LABEL_SIZES = {"1": "var(--font-size-1)", "2": "var(--font-size-2)", "3": "var(--font-size-3)"}


def form_label(*children, html_for, size: str = "2", weight: str = "medium") -> rx.Component:
    """A real <label for=...>: the field gets its name from it (screen readers, get_by_label).
    (rx.text(as_="label", html_for=...) renders html_for as a CSS property, linking nothing.)"""
    return rx.el.label(*children, html_for=html_for,
                       style={"font_size": _LABEL_SIZES.get(size, size),
                              "font_weight": "500" if weight == "medium" else "400"})


def field(label: str, name: str, *, type: str = "text", placeholder: str = "", required: bool = True,
          default_value=None, auto_complete: str | None = None, hint: str | None = None, **props) -> rx.Component:
    extra = {"default_value": default_value} if default_value is not None else {}
    parts = [
        form_label(label, html_for=name),
        rx.input(id=name, name=name, type=type, placeholder=placeholder, required=required,
                 auto_complete=auto_complete, width="100%", size="3", **extra, **props),
    ]
    if hint is not None:
        parts.append(rx.text(hint, size="1", color_scheme="gray"))
    return rx.vstack(*parts, spacing="1", width="100%")


def submit_button(label: str, busy, **props) -> rx.Component:
    return rx.button(
        rx.cond(busy, rx.spinner(size="2"), rx.fragment()), label,
        type="submit", size="3", width="100%", disabled=busy, **props,
    )


def pager(page, pages, on_goto) -> rx.Component:
    return rx.hstack(
        rx.button(t("Previous"), variant="soft", disabled=page <= 1, on_click=on_goto(page - 1)),
        rx.text(tf("Page {page} of {pages}", page=page, pages=pages), size="2"),
        rx.button(t("Next"), variant="soft", disabled=page >= pages, on_click=on_goto(page + 1)),
        align="center", spacing="3", margin_top="1em",
    )


def empty_state(icon: str, title: str, text: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=40, color=rx.color("gray", 8)),
            rx.heading(title, size="4"),
            rx.text(text, color_scheme="gray", text_align="center", max_width="28em"),
            align="center", spacing="2",
        ),
        padding="3em 1em", width="100%",
    )


def page_title(text: str, subtitle=None) -> rx.Component:
    parts = [rx.heading(text, size="7")]
    if subtitle is not None:
        parts.append(rx.text(subtitle, color_scheme="gray"))
    return rx.vstack(*parts, spacing="1", margin_bottom="1em", width="100%")


def page_header(text: str, subtitle=None, *, error=None, notice=None, action=None) -> rx.Component:
    """The top of a screen: its title (with `action`, e.g. a "New ..." button, at the right), then
    the screen's error and notice messages, so every screen shows them in the same place.
    A fragment: the parts stand in the page's stack as if written there one by one."""
    top = page_title(text, subtitle)
    if action is not None:
        top = rx.hstack(top, rx.spacer(), action, width="100%", align="start")
    parts = [top]
    if error is not None:
        parts.append(error_callout(error))
    if notice is not None:
        parts.append(notice_callout(notice))
    return rx.fragment(*parts)


def confirm_button(trigger: rx.Component, title, description, confirm_label: str, on_confirm,
                   color_scheme: str = "green") -> rx.Component:
    """A step that moves money or cannot be undone asks first: the trigger opens a dialog that says
    what will happen; only its confirm button acts (Cancel, Esc and a click outside do nothing)."""
    opener = rx.alert_dialog.trigger(trigger)
    # Reflex wraps a trigger that has its own on_click in a <div>, which then carries the button's
    # ARIA (aria-haspopup on a div: announced as nothing). The button itself takes the trigger's
    # props instead; Radix runs the button's on_click and then opens the dialog.
    opener.children = [trigger]
    return rx.alert_dialog.root(
        opener,
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description),
            rx.hstack(rx.alert_dialog.cancel(rx.button(t("Cancel"), variant="soft", color_scheme="gray")),
                      rx.alert_dialog.action(rx.button(confirm_label, color_scheme=color_scheme,
                                                       on_click=on_confirm)),
                      justify="end", spacing="3", margin_top="1em"),
        ),
    )
