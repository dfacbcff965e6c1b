"""Today's ads in a placement (a strip of cards); a click is counted, then opens the link."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from state.property.ads import ResidentAdsState


def ad_strip() -> rx.Component:
    return rx.cond(ResidentAdsState.items.length() > 0, rx.hstack(
        rx.foreach(ResidentAdsState.items, lambda a: rx.card(
            rx.vstack(
                rx.cond(a["src"] != "", rx.image(src=a["src"], max_height="120px", object_fit="cover", width="100%")),
                rx.cond(a["text"] != "", rx.text(a["text"], size="2")),
                rx.text(t("Sponsored"), size="1", color_scheme="gray"),
                spacing="1"),
            on_click=ResidentAdsState.click(a["id"]), cursor="pointer", class_name="ad-card", min_width="200px")),
        spacing="3", width="100%", overflow_x="auto", margin_y="1em", id="ads"))
