"""Page strings in the reader's language: `t("Shop nearby")` compiles both languages into the
page and shows the one `LanguageState.lang` names, so switching needs no reload.

    rx.heading(t("Shop nearby"))
    rx.input(placeholder=t("e.g. WELCOME5"))
    rx.text(tf("Renews by itself in {seconds} s.", seconds=S.seconds))

The English is the key; the Chinese comes from community_hub/locale/zh.po (core/i18n.py).
A string with no Chinese yet shows in English; tests/unit/test_translations.py fails on it."""

from __future__ import annotations

import re

import reflex as rx
from reflex.vars import StringVar

from state.shared.language import LanguageState, chinese
from state.shared.language_choice import LanguageChoiceState

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "marked, translated where shown"
    """Marks a string kept in a list or constant for translation; `t()` translates it where shown."""
    return text


def t(text: str) -> rx.Var:
    return rx.cond(LanguageState.lang == "zh", chinese(text) or text, text)


def _filled(template: str, values: dict) -> rx.Var:
    parts: list = []
    at = 0
    for m in _PLACEHOLDER.finditer(template):
        if m.start() > at:
            parts.append(rx.Var.create(template[at:m.start()]))
        value = values[m.group(1)]
        # A string Var goes in as it is (to_string() would JSON-quote it: "Order \"#12\" is yours").
        parts.append(value if isinstance(value, StringVar) else value.to_string() if isinstance(value, rx.Var)
                     else rx.Var.create(str(value)))
        at = m.end()
    if at < len(template):
        parts.append(rx.Var.create(template[at:]))
    out = parts[0] if parts else rx.Var.create("")
    for p in parts[1:]:
        out = out + p
    return out


def pt(context: str, text: str) -> rx.Var:
    """`t` for a word that reads differently by where it stands (gettext's pgettext): the
    English is the same, the Chinese is the context's. `pt("application", "Reject")` is 驳回
    where `t("Reject")` (an order) is 拒单. The catalog keeps it as msgctxt "application"."""
    return rx.cond(LanguageState.lang == "zh", chinese(text, context) or text, text)


def tf(template: str, **values) -> rx.Var:
    """`t` for a sentence with values: `{name}` placeholders, filled from Vars or plain values."""
    return rx.cond(LanguageState.lang == "zh", _filled(chinese(template) or template, values),
                   _filled(template, values))


def language_switch(on_choose=None, size: str = "1", **props) -> rx.Component:
    """English / 中文, each in its own language (a reader who cannot read the other finds theirs).
    `on_choose`: the event given the chosen code; by default `LanguageChoiceState.choose`, which
    also keeps a logged-in member's choice (the lobby kiosk passes its own: a passer-by's choice is
    not the kiosk account's)."""
    choose = on_choose if on_choose is not None else LanguageChoiceState.choose
    return rx.hstack(
        *[rx.button(name, size=size, variant=rx.cond(LanguageState.lang == code, "solid", "ghost"),
                    on_click=choose(code), lang=lang_tag, aria_pressed=rx.cond(
                        LanguageState.lang == code, "true", "false"), class_name="lang-" + code)
          for code, name, lang_tag in (("en", "English", "en"), ("zh", "中文", "zh-Hans"))],
        # A page with a switch settles the language on arrival (the cookie, else the browser's) and
        # marks <html lang>: on a full page load only (the state starts blank then), not on every
        # navigation inside the app, which would cost every page one more event.
        rx.cond(LanguageState.lang == "", rx.el.span(on_mount=LanguageState.detect, display="none")),
        spacing="1", align="center", role="group", aria_label="Language / 语言", **props)
