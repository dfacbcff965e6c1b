"""A dialog the state opens and closes: a title, its body, and Cancel beside the one button that acts.
(A step that moves money or cannot be undone asks first with `components.common.confirm_button`.)"""

from __future__ import annotations

import reflex as rx

from components.i18n import t


def state_dialog(title, *body, is_open, on_cancel, action: rx.Component, cancel_label=None,
                 on_open_change=None, **content_props) -> rx.Component:
    """`title`: text or a tuple of parts ("Edit ", S.name); `is_open`: a bool var of the state;
    `on_cancel`: the event of the Cancel button (`cancel_label`; "Cancel" in the reader's language
    by default), and of Esc and a click outside
    unless `on_open_change` (an event given the new open flag) takes those;
    `action`: the button that acts, at the right of Cancel."""
    parts = title if isinstance(title, tuple) else (title,)
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(*parts),
            *body,
            rx.hstack(rx.button(t("Cancel") if cancel_label is None else cancel_label, variant="soft",
                                on_click=on_cancel), action,
                      justify="end", margin_top="1em"),
            **content_props,
        ),
        open=is_open,
        on_open_change=on_open_change if on_open_change is not None else (lambda _open: on_cancel),
    )
