"""The pickup-code keypad: for a phone whose QR the scanner cannot read (cracked screen, too dim,
a printed code). The typed code is looked up exactly as a scan is (kiosk/scan.pick_up_by_code)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.kiosk.scan import PICKUP_CODE_LENGTH
from community_hub.marketplace.orders import PICKUP_ALPHABET

# The keys a pickup code can hold, digits first (codes never use 0/O or 1/I: no such keys either).
KEYS = sorted(PICKUP_ALPHABET, key=lambda k: (not k.isdigit(), k))


class KioskKeypad(rx.State, mixin=True):
    @rx.event
    def open_keypad(self):
        self._touch()
        self.typed_code, self.message, self.screen = "", "", "keypad"

    @rx.event
    def press(self, key: str):
        self._touch()
        if isinstance(key, str) and key in KEYS and len(self.typed_code) < PICKUP_CODE_LENGTH:
            self.typed_code += key

    @rx.event
    def backspace(self):
        self._touch()
        self.typed_code = self.typed_code[:-1]

    @rx.event
    async def submit_code(self):
        self._touch()
        if len(self.typed_code) != PICKUP_CODE_LENGTH:
            await self._say(phrase("A pickup code has {length} letters and digits.", length=PICKUP_CODE_LENGTH),
                            "info")
            return
        code, self.typed_code = self.typed_code, ""
        await self._pick_up_typed(code)
