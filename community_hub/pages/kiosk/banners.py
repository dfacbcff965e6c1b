"""What nobody at the kiosk may miss, across the whole width above every screen: the devices are
offline (and what to do about it), and the community's urgent notices."""

import reflex as rx

from components.i18n import t
from state.kiosk.kiosk import KioskState


def offline_banner() -> rx.Component:
    """Shown while the page has no link to the hardware bridge; gone by itself when it is back."""
    return rx.cond(
        KioskState.bridge_link == "down",
        rx.hstack(
            rx.icon("unplug", size=56, flex_shrink="0"),
            rx.vstack(
                rx.heading(t("Devices offline"), size="8"),
                rx.text(t("The card terminal, scanner and card reader are not answering, so cards cannot be "
                          "read or paid here right now. Please ask the front desk to restart the kiosk bridge. "
                          "You can still browse the shops."), size="5"),
                spacing="1",
            ),
            width="100%", align="center", spacing="5", padding="1em 1.4em", border_radius="14px",
            background=rx.color("red", 9), color="white", role="alert", id="kiosk-offline", flex_shrink="0",
        ),
    )


def urgent_banner() -> rx.Component:
    """The community's urgent notices (marked urgent by staff), each marked "Urgent", on every screen;
    a new one appears within seconds (the kiosk's clock reads them)."""
    return rx.cond(
        KioskState.urgent.length() > 0,
        rx.vstack(
            rx.foreach(KioskState.urgent, lambda n: rx.hstack(
                rx.icon("siren", size=44, flex_shrink="0"),
                rx.badge(t("Urgent"), size="3", color_scheme="red", variant="solid", high_contrast=True),
                rx.vstack(rx.heading(n["title"], size="6"),
                          rx.cond(n["text"] != "", rx.text(n["text"], size="4")), spacing="1", min_width="0"),
                width="100%", align="center", spacing="4", padding="0.8em 1.2em", border_radius="14px",
                background=rx.color("amber", 4), border=f"3px solid {rx.color('red', 9)}",
                class_name="kiosk-urgent-notice",
            )),
            spacing="2", width="100%", role="alert", id="kiosk-urgent", flex_shrink="0",
        ),
    )
