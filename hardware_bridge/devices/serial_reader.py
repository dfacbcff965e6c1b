"""Serial line driver shared by the barcode scanner and the card reader.

Both are "a line that sends one text frame per read"; only the message differs (`scan` vs
`card`). The driver opens the explicit port path (pyserial's comports() does not list ptys
or udev symlinks), splits frames, and survives unplugging: on a read error, or when the path
vanishes or starts pointing at another device (udev re-creates /dev/serial/by-id links on
re-plug), it reports `disconnected` and reopens with exponential backoff.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

import serial

from .base import CONNECTED, DISCONNECTED, ERROR, Publish, ThreadedDevice
from .frames import MAX_FRAME_BYTES, FrameError, FrameSplitter, clean_frame

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SerialSettings:
    """Line settings, like the protocol tuples of Odoo's serial_base_driver."""

    baudrate: int = 9600
    bytesize: int = serial.EIGHTBITS
    parity: str = serial.PARITY_NONE
    stopbits: float = serial.STOPBITS_ONE
    framing: str = "any"
    max_frame: int = MAX_FRAME_BYTES


class PortGone(Exception):
    """The path no longer leads to the device we opened."""


class SerialReader(ThreadedDevice):
    # message type and data field per device kind
    _OUTPUT = {"scanner": ("scan", "code"), "card_reader": ("card", "card")}

    def __init__(
        self,
        device_id: str,
        kind: str,
        path: str,
        publish: Publish,
        settings: SerialSettings = SerialSettings(),
        *,
        backoff_initial: float = 0.2,
        backoff_max: float = 5.0,
        read_timeout: float = 0.1,
        partial_timeout: float = 1.0,
        path_check_interval: float = 0.5,
    ):
        if kind not in self._OUTPUT:
            raise ValueError(f"serial reader kind must be one of {sorted(self._OUTPUT)}")
        self.kind = kind
        super().__init__(device_id, publish)
        self.path = path
        self.settings = settings
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.read_timeout = read_timeout  # also bounds how long stop() waits for the thread
        # Scanners send a whole frame within milliseconds; bytes that sit unfinished this
        # long are a broken frame and must not be glued to the next one.
        self.partial_timeout = partial_timeout
        self.path_check_interval = path_check_interval

    def describe(self) -> dict:
        return {**super().describe(), "path": self.path}

    def run(self) -> None:
        delay = self.backoff_initial
        while not self.stopping:
            try:
                port = self._open()
            except (serial.SerialException, OSError) as exc:
                # A missing path means unplugged; a present but unusable one is an error
                # (permissions, busy, broken device) that a person may need to look at.
                status = ERROR if os.path.exists(self.path) else DISCONNECTED
                self.set_status(status, _short(exc))
                if self.sleep(delay):
                    break
                delay = min(delay * 2, self.backoff_max)
                continue
            self.set_status(CONNECTED)
            connected_at = time.monotonic()
            try:
                self._read_loop(port)
            except (serial.SerialException, OSError, PortGone) as exc:
                log.info("%s: port lost: %s", self.id, exc)
                self.set_status(DISCONNECTED, _short(exc))
            except Exception as exc:
                # Unexpected (driver bug, odd device): report it and retry rather than let
                # the thread die and leave the scanner dead until the bridge restarts.
                log.exception("%s: read failed", self.id)
                self.set_status(ERROR, _short(exc))
            finally:
                try:
                    port.close()
                except (serial.SerialException, OSError):
                    pass
            if time.monotonic() - connected_at > self.backoff_max:
                delay = self.backoff_initial  # it was a stable connection: retry quickly
            else:
                # Opens but fails at once (flaky cable, dying device): keep backing off
                # instead of spinning open/fail in a tight loop.
                if self.sleep(delay):
                    break
                delay = min(delay * 2, self.backoff_max)

    def _open(self) -> serial.Serial:
        s = self.settings
        # exclusive=True takes a lock so a second bridge (or a stray terminal program)
        # cannot split the scans between two readers.
        return serial.Serial(self.path, baudrate=s.baudrate, bytesize=s.bytesize, parity=s.parity,
                             stopbits=s.stopbits, timeout=self.read_timeout, exclusive=True)

    def _read_loop(self, port: serial.Serial) -> None:
        splitter = FrameSplitter(self.settings.framing, self.settings.max_frame)
        identity = _identity(os.fstat(port.fileno()))
        last_data = last_check = time.monotonic()
        while not self.stopping:
            chunk = port.read(port.in_waiting or 1)  # returns b"" after read_timeout
            now = time.monotonic()
            if chunk:
                last_data = now
                for item in splitter.feed(chunk):
                    self._handle(item)
            elif splitter.has_partial and now - last_data > self.partial_timeout:
                self._handle(splitter.discard_partial())
            if now - last_check >= self.path_check_interval:
                last_check = now
                self._check_path(identity)

    def _check_path(self, identity: tuple[int, int]) -> None:
        try:
            current = _identity(os.stat(self.path))
        except FileNotFoundError:
            raise PortGone(f"{self.path} disappeared") from None
        if current != identity:
            raise PortGone(f"{self.path} now points to a different device")

    def _handle(self, item: bytes | FrameError) -> None:
        try:
            if isinstance(item, FrameError):
                raise item
            text = clean_frame(item, self.settings.max_frame)
        except FrameError as err:
            # No raw bytes in the message: a broken card read may still hold card data.
            self.emit_error("bad_frame", str(err), reason=err.reason, length=err.length)
            return
        type_, field = self._OUTPUT[self.kind]
        data = {field: text, "symbology": None} if type_ == "scan" else {field: text}
        self.emit(type_, data)


def _identity(st: os.stat_result) -> tuple[int, int]:
    # st_rdev identifies a character device; st_ino tells apart re-created ptys/files.
    return (st.st_rdev, st.st_ino)


def _short(exc: BaseException) -> str:
    return str(exc)[:200] or type(exc).__name__
