"""A dialog the state opens and closes: a title, its body, and Cancel beside the one button that acts.
(A step that moves money or cannot be undone asks first with `components.common.confirm_button`.)"""

from __future__ import annotations

import reflex as rx
from reflex.vars.function import FunctionStringVar

from components.i18n import t

# Radix gives the focus back, when a dialog closes, to its rx.dialog.trigger only. A dialog the
# state opens has none, so the focus fell to <body> and the next Tab started again at the top of
# the page. These two run in the browser, at once (not as queued events: the close one must be
# able to stop Radix's own): on opening, remember what had the focus (the button that opened it);
# on closing, give it back there, or, when that button went with the dialog's work (a paid bill's
# "Pay now"), to the page's heading (focusable by script, not by Tab).
_REMEMBER_OPENER = "((e) => { window.__hubDialogOpener = document.activeElement; })"
_FOCUS_BACK = """((e) => {
  const opener = window.__hubDialogOpener;
  window.__hubDialogOpener = null;
  e.preventDefault();
  if (opener && opener.isConnected && opener !== document.body) { opener.focus(); return; }
  const heading = [...document.querySelectorAll('h1, h2')].find(h => !h.closest('a'));
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
})"""


def focus_kept() -> dict:
    """rx.dialog.content(**focus_kept()): the focus goes back to what opened the dialog when it
    closes (else to the page's heading), never to nowhere."""
    return {"on_open_auto_focus": FunctionStringVar.create(_REMEMBER_OPENER),
            "on_close_auto_focus": FunctionStringVar.create(_FOCUS_BACK)}


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
            **{**focus_kept(), **content_props},
        ),
        open=is_open,
        on_open_change=on_open_change if on_open_change is not None else (lambda _open: on_cancel),
    )
