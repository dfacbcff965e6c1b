"""The pickup-code keypad: big keys for the letters and digits a pickup code can hold, backspace
and OK, and the code typed so far in large type."""

import reflex as rx

from community_hub.pages.kiosk.touch import BIG, KEY
from components.i18n import t
from state.kiosk.keypad import KEYS
from state.kiosk.kiosk import KioskState

KEY_HEIGHT = "clamp(5rem, 8vh, 8rem)"


def keypad_screen() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Type your pickup code"), size="8", text_align="center"),
        rx.text(t("It is on your order page, under the QR code: 6 letters and digits."), size="5",
                color_scheme="gray", text_align="center"),
        rx.center(
            rx.heading(rx.cond(KioskState.typed_code != "", KioskState.typed_code, "······"), size="9",
                       letter_spacing="0.4em", font_family="monospace", id="kiosk-typed-code",
                       color=rx.cond(KioskState.typed_code != "", rx.color("gray", 12), rx.color("gray", 8))),
            width="min(100%, 36rem)", padding="0.6em", border_radius="14px", background="white",
            border=f"3px solid {rx.color('teal', 8)}", aria_live="polite",
        ),
        rx.box(
            # Keys grow with a tall (portrait) screen instead of leaving its lower half empty.
            *[rx.button(k, on_click=KioskState.press(k), class_name="kiosk-key", **{**KEY, "height": KEY_HEIGHT})
              for k in KEYS],
            display="grid", grid_template_columns="repeat(8, minmax(4.5rem, 7rem))", gap="0.8rem",
            justify_content="center", width="100%",
        ),
        rx.flex(
            rx.button(rx.icon("delete", size=32), t("Backspace"), on_click=KioskState.backspace,
                      color_scheme="gray", variant="soft", id="kiosk-backspace", **BIG),
            rx.button(rx.icon("check", size=32), t("OK"), on_click=KioskState.submit_code, id="kiosk-code-ok",
                      disabled=KioskState.typed_code.length() != 6, **BIG),
            rx.button(t("Cancel"), on_click=KioskState.show_member, color_scheme="gray", variant="outline", **BIG),
            gap="1.2rem", wrap="wrap", justify="center",
        ),
        rx.text(t("Codes never use 0, 1, I or O."), size="4", color_scheme="gray"),
        align="center", spacing="5", width="100%", id="kiosk-keypad",
    )
