"""Simulated scanner and card reader, driven by `action` messages from the page.

They go through the same frame cleaning and the same messages as the serial drivers, so a
kiosk page developed against the simulation behaves the same with real hardware. They can
also be "unplugged" (device.disconnect / device.connect) to exercise the page's status UI.
"""

from __future__ import annotations

from .base import CONNECTED, DISCONNECTED, ActionError, Device
from .frames import FrameError, clean_frame


class _SimulatedLine(Device):
    simulated = True
    _action = ""  # the action that produces a read
    _field = ""  # argument and data field holding the text
    _type = ""  # message type emitted

    def handle_action(self, action: str, args: dict) -> None:
        if action == "device.disconnect":
            self.set_status(DISCONNECTED, "unplugged (simulated)")
        elif action == "device.connect":
            self.set_status(CONNECTED)
        elif action == self._action:
            if self.status != CONNECTED:
                raise ActionError("device_disconnected", f"{self.id} is {self.status}")
            value = args.get(self._field)
            if not isinstance(value, str):
                raise ActionError("bad_request", f"{self._field!r} must be a string")
            try:
                text = clean_frame(value.encode("utf-8"))
            except FrameError as err:
                raise ActionError("bad_frame", str(err)) from None
            self.emit(self._type, self._data(text, args))
        else:
            super().handle_action(action, args)

    def _data(self, text: str, args: dict) -> dict:
        return {self._field: text}


class SimulatedScanner(_SimulatedLine):
    kind = "scanner"
    actions = frozenset({"scanner.scan", "device.disconnect", "device.connect"})
    _action, _field, _type = "scanner.scan", "code", "scan"

    def _data(self, text: str, args: dict) -> dict:
        symbology = args.get("symbology")
        return {"code": text, "symbology": symbology if isinstance(symbology, str) else None}


class SimulatedCardReader(_SimulatedLine):
    kind = "card_reader"
    actions = frozenset({"card_reader.read", "device.disconnect", "device.connect"})
    _action, _field, _type = "card_reader.read", "card", "card"
