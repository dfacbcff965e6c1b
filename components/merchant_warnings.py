"""The platform's open warnings and a suspension's reason, at the top of the merchant's dashboard."""

import reflex as rx

from components.i18n import t, tf
from state.merchant.warnings import MerchantWarningsState as St


def _warning(w: dict) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("triangle_alert")),
        rx.vstack(
            rx.text(tf("Warning from the platform, {when}", when=w["at"]), weight="bold", size="2"),
            rx.text(w["note"], size="2"),
            rx.button(t("I have read this"), size="1", variant="soft", on_click=St.acknowledge(w["id"]),
                      disabled=St.busy, aria_label=tf("Acknowledge the warning of {when}", when=w["at"])),
            spacing="1", align="start"),
        color_scheme="orange", width="100%", class_name="merchant-warning")


def merchant_warnings() -> rx.Component:
    return rx.vstack(
        rx.cond(St.suspended_reason != "",
                rx.callout(tf("Your shop is suspended by the platform: {reason}. Residents cannot see it or order; "
                              "finish your open orders.", reason=St.suspended_reason),
                           icon="ban", color_scheme="red", width="100%", id="suspended-notice")),
        rx.foreach(St.warnings, _warning),
        rx.cond(St.error != "", rx.callout(St.error, icon="triangle_alert", color_scheme="red", role="alert")),
        width="100%", spacing="2", id="merchant-warnings")
