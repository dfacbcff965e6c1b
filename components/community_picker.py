"""The community picker at the top of every property staff page (state/property/community_picker)."""

from __future__ import annotations

import reflex as rx

from components.common import form_label
from components.i18n import t
from state.property.community_picker import StaffCommunityState as S


def community_picker() -> rx.Component:
    return rx.hstack(
        form_label(t("Community"), html_for="community-picker"),
        rx.el.select(rx.foreach(S.choices, lambda o: rx.el.option(o["label"], value=o["value"])),
                     id="community-picker", value=S.current, on_change=S.choose, disabled=S.busy,
                     style={"padding": "0.35em 0.5em", "border_radius": "6px",
                            "border": f"1px solid {rx.color('gray', 7)}", "background": rx.color("gray", 1)}),
        rx.cond(S.error != "", rx.text(S.error, color_scheme="red", size="2", role="alert")),
        align="center", spacing="2", on_mount=S.load, wrap="wrap", margin_bottom="1em", id="community-switch",
    )
