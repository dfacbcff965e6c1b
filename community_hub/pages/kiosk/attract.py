"""The lobby kiosk's attract screen (fullscreen, touch, no keyboard)."""

import reflex as rx

from components.shells import kiosk_shell
from state.dashboards import KioskState
from state.session import SessionState


@rx.page(route="/kiosk/[kiosk_id]", title="Kiosk · Community Hub", on_load=[SessionState.guard("kiosk"), KioskState.load])
def kiosk_attract() -> rx.Component:
    return kiosk_shell(
        rx.cond(
            KioskState.error != "",
            rx.center(rx.heading(KioskState.error, size="8"), height="100%"),
            rx.vstack(
                rx.heading(KioskState.community, size="9"),
                rx.text(KioskState.kiosk_name, size="5", color_scheme="gray"),
                rx.spacer(),
                rx.center(rx.vstack(rx.icon("scan-line", size=96),
                                    rx.heading("Scan your member card or pickup code", size="8", text_align="center"),
                                    align="center"), width="100%"),
                rx.spacer(),
                align="center", height="100%", id="kiosk-attract",
            ),
        ),
    )
