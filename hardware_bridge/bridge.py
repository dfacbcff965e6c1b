"""The bridge core: owns the devices and the message stream, signs what must be signed,
and routes page actions to devices. It knows nothing about websockets (server.py does)."""

from __future__ import annotations

import logging
import uuid

from . import protocol, signing
from .config import Config
from .devices.base import ActionError, Device

log = logging.getLogger(__name__)

# Which device kind an action goes to when the page does not name a device.
_ACTION_KINDS = {"scanner": "scanner", "card_reader": "card_reader", "terminal": "payment_terminal"}


class Bridge:
    def __init__(self, *, kiosk_id: str, secret: str, replay_size: int = 200):
        self.kiosk_id = kiosk_id
        self._secret = secret
        # Changes on every start; lets a page notice a restarted bridge (seq starts over).
        self.boot_id = str(uuid.uuid4())
        self.stream = protocol.Stream(replay_size)
        self.devices: dict[str, Device] = {}

    def add(self, device: Device) -> Device:
        if device.id in self.devices:
            raise ValueError(f"duplicate device id {device.id!r}")
        self.devices[device.id] = device
        return device

    def publish(self, type_: str, device_id: str | None, data: dict) -> dict:
        """Entry point for every device message (any thread)."""
        if signing.needs_signature(type_, data):
            # kiosk_id inside the signed body ties the result to this kiosk.
            data = signing.sign(self._secret, {**data, "kiosk_id": self.kiosk_id})
        return self.stream.publish(type_, device_id, data)

    def start(self) -> None:
        for device in self.devices.values():
            device.start()

    def stop(self) -> None:
        for device in self.devices.values():
            try:
                device.stop()
            except Exception:
                log.exception("stopping %s failed", device.id)

    def describe_devices(self) -> list[dict]:
        return [device.describe() for device in self.devices.values()]

    def dispatch(self, action: str, args: dict, device_id: str | None = None) -> Device:
        """Run a page action on the named device, or on the one device of the action's kind
        that accepts it. Raises ActionError; returns the device that handled it."""
        if not isinstance(action, str) or not action:
            raise ActionError("bad_request", "data.action must name an action")
        if device_id is not None:
            device = self.devices.get(device_id)
            if device is None:
                raise ActionError("unknown_device", f"no device {device_id!r}")
        else:
            kind = _ACTION_KINDS.get(action.split(".", 1)[0])
            candidates = [d for d in self.devices.values() if d.kind == kind and action in d.actions]
            if not candidates:
                raise ActionError("no_device", f"no device here accepts {action!r}")
            if len(candidates) > 1:
                raise ActionError("ambiguous_device", f"several devices accept {action!r}; name one in \"device\"")
            device = candidates[0]
        if action not in device.actions:
            raise ActionError("unsupported_action", f"device {device.id} does not accept {action!r}")
        device.handle_action(action, args)
        return device


def build_bridge(config: Config) -> Bridge:
    """Create the bridge and its devices from the configuration (devices are not started)."""
    bridge = Bridge(kiosk_id=config.kiosk_id, secret=config.secret, replay_size=config.replay_size)
    publish = bridge.publish
    if config.scanner or config.card_reader:
        from .devices.serial_reader import SerialReader, SerialSettings

        settings = SerialSettings(baudrate=config.baud, framing=config.framing)
        if config.scanner:
            bridge.add(SerialReader("scanner", "scanner", config.scanner, publish, settings))
        if config.card_reader:
            bridge.add(SerialReader("card_reader", "card_reader", config.card_reader, publish, settings))
    if config.image_dir:
        from .devices.image_scanner import ImageDirScanner

        bridge.add(ImageDirScanner("camera", config.image_dir, publish, done=config.image_done))
    if config.simulate:
        from .devices.simulated import SimulatedCardReader, SimulatedScanner
        from .devices.terminal import SimulatedTerminal

        bridge.add(SimulatedScanner("sim_scanner", publish))
        bridge.add(SimulatedCardReader("sim_card_reader", publish))
        bridge.add(SimulatedTerminal("sim_terminal", publish, timeout_s=config.terminal_timeout))
    return bridge
