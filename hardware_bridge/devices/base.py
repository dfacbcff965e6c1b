"""Device identity and status lifecycle, after Odoo's iot_drivers `Driver`.

A device is one piece of hardware (or a simulation of one). Its status moves between
connecting -> connected -> disconnected | error -> connected ...; every change is published
as `device.status` so the page can show "scanner unplugged" instead of silently missing scans.
Drivers that poll hardware run in their own thread (ThreadedDevice), like Odoo's Driver(Thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

KINDS = ("scanner", "card_reader", "camera", "payment_terminal")

CONNECTING = "connecting"
CONNECTED = "connected"
ERROR = "error"
DISCONNECTED = "disconnected"
STATUSES = (CONNECTING, CONNECTED, ERROR, DISCONNECTED)

# publish(type, device_id, data): hands a stream message to the bridge (thread-safe).
Publish = Callable[[str, str, dict], object]


class ActionError(Exception):
    """An `action` from the page that this device refuses; `code` goes into the error reply."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class Device:
    kind: str = ""
    simulated: bool = False
    # Action names this device accepts from the page (see handle_action).
    actions: frozenset[str] = frozenset()

    def __init__(self, device_id: str, publish: Publish):
        if self.kind not in KINDS:
            raise TypeError(f"{type(self).__name__} must set kind to one of {KINDS}")
        self.id = device_id
        self._publish = publish
        self._status_lock = threading.Lock()
        self.status = CONNECTING
        self.detail: str | None = None

    def describe(self) -> dict:
        """What `hello` tells the page about this device."""
        with self._status_lock:
            return {"id": self.id, "kind": self.kind, "status": self.status,
                    "detail": self.detail, "simulated": self.simulated}

    def start(self) -> None:
        self.set_status(CONNECTED)

    def stop(self) -> None:
        pass

    def handle_action(self, action: str, args: dict) -> None:
        raise ActionError("unsupported_action", f"device {self.id} does not accept {action!r}")

    def set_status(self, status: str, detail: str | None = None) -> None:
        """Record and publish a status change; repeats are not published, so a driver retrying
        every few seconds does not flood the page with identical messages."""
        if status not in STATUSES:
            raise ValueError(status)
        with self._status_lock:
            if (status, detail) == (self.status, self.detail):
                return
            self.status, self.detail = status, detail
            # Publish inside the lock so two threads cannot report statuses out of order.
            self._publish("device.status", self.id, {"kind": self.kind, "status": status, "detail": detail})

    def emit(self, type_: str, data: dict) -> None:
        self._publish(type_, self.id, data)

    def emit_error(self, code: str, message: str, **extra) -> None:
        """A device-level problem the page may want to show (e.g. an unreadable scan)."""
        self._publish("error", self.id, {"code": code, "message": message, **extra})


class ThreadedDevice(Device):
    """A device whose driver loop runs in its own daemon thread until stop()."""

    def __init__(self, device_id: str, publish: Publish):
        super().__init__(device_id, publish)
        self._stop_event = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.set_status(CONNECTING)
        self._thread = threading.Thread(target=self._run_guarded, name=f"device-{self.id}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def stopping(self) -> bool:
        return self._stop_event.is_set()

    def sleep(self, seconds: float) -> bool:
        """Wait, waking early on stop(); returns True when the device is stopping."""
        return self._stop_event.wait(seconds)

    def run(self) -> None:
        """The device's loop: every driver and simulator defines its own (this base has none)."""
        raise NotImplementedError

    def _run_guarded(self) -> None:
        # A bug in one driver must show up as that device's error, not kill the bridge quietly.
        try:
            self.run()
        except Exception as exc:
            log.exception("device %s crashed", self.id)
            self.set_status(ERROR, f"driver crashed: {exc}")
