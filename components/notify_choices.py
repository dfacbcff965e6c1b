"""The account page's "Notifications" card: the member turns channels off for a kind of message."""

from __future__ import annotations

import reflex as rx

from components.common import error_callout, notice_callout
from components.i18n import t, tf
from state.shared.notify_choices import NotifyChoicesState as S


def _choice(r: dict) -> rx.Component:
    channel = r["channel_label"]
    return rx.hstack(
        rx.checkbox(checked=r["on"] == "1", disabled=S.busy, on_change=lambda on: S.set_choice(r["category"],
                                                                                              r["channel"], on),
                    aria_label=tf("{channel} for {kind}", channel=channel, kind=r["label"])),
        rx.text(r["label"], " · ", channel, size="2"),
        align="center", spacing="2")


def notify_choices() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Notifications"), size="4"),
        rx.text(t("Untick a channel you do not want for a kind of message (for example SMS for news and "
                  "promotions). The platform decides which channels exist for each."), size="2", color_scheme="gray"),
        error_callout(S.error), notice_callout(S.notice),
        rx.foreach(S.rows, _choice),
        spacing="2", width="100%"), width="100%", id="notify-choices")
