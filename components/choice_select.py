"""A select whose choices read in the reader's language while their values stay the codes the state
knows, and which a screen reader announces by its name (`label`: a Radix select trigger is a
combobox, which takes no name from the text it shows)."""

from __future__ import annotations

import reflex as rx

from components.i18n import t


def choice_select(values: list[str], names: dict, label, trigger_id: str | None = None, **props) -> rx.Component:
    """`names`: value -> English words (N_), shown translated; `label`: already translated (t(...))."""
    trigger = {"id": trigger_id} if trigger_id else {}
    return rx.select.root(rx.select.trigger(aria_label=label, **trigger),
                          rx.select.content(*[rx.select.item(t(names.get(v, v)), value=v) for v in values]), **props)
