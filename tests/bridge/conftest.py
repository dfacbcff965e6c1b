"""Helpers for the hardware bridge tests: real ptys behind a symlink we control, and a
thread-safe recorder of what devices publish. No mocks of serial, zbar or websockets."""

from __future__ import annotations

import contextlib
import os
import threading
import time
import tty
from pathlib import Path

import pytest

TOKEN = "test-token-0123456789"
SECRET = "test-secret-0123456789abcdef"
ORIGIN = "http://localhost:3000"


class Recorder:
    """Collects messages from a device's publish callable or from a bridge stream."""

    def __init__(self):
        self.messages: list[dict] = []
        self._cond = threading.Condition()

    # used as Device publish(type, device_id, data)
    def __call__(self, type_: str, device: str | None, data: dict) -> None:
        self.record({"type": type_, "device": device, "data": data})

    # used as a Stream subscriber (full envelopes)
    def record(self, message: dict) -> None:
        with self._cond:
            self.messages.append(message)
            self._cond.notify_all()

    def mark(self) -> int:
        with self._cond:
            return len(self.messages)

    def wait_for(self, predicate, after: int = 0, timeout: float = 5.0) -> dict:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for message in self.messages[after:]:
                    if predicate(message):
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no matching message within {timeout}s; got {self.messages[after:]}")
                self._cond.wait(remaining)

    def wait_status(self, status: str, after: int = 0, timeout: float = 5.0) -> dict:
        return self.wait_for(lambda m: m["type"] == "device.status" and m["data"]["status"] == status,
                             after, timeout)

    def of_type(self, type_: str, after: int = 0) -> list[dict]:
        with self._cond:
            return [m for m in self.messages[after:] if m["type"] == type_]


class FakeSerialPort:
    """A real pty pair standing in for a USB serial device, reached through a symlink we
    control (like udev's /dev/serial/by-id links), so it can be unplugged and re-plugged."""

    def __init__(self, link: Path):
        self.link = link
        self.master = self.slave = None
        self.plug()

    def plug(self) -> None:
        self.master, self.slave = os.openpty()
        # Raw mode now, so bytes written before the driver opens the port are not cooked.
        tty.setraw(self.slave)
        tmp = self.link.with_name(self.link.name + ".new")
        os.symlink(os.ttyname(self.slave), tmp)
        os.replace(tmp, self.link)  # atomic re-point

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def unplug(self, remove_link: bool = True) -> None:
        for fd in (self.master, self.slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.master = self.slave = None
        if remove_link:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def serial_port(tmp_path):
    port = FakeSerialPort(tmp_path / "scanner")
    yield port
    port.unplug()

