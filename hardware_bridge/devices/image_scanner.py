"""Camera-kind scanner that decodes barcode images dropped into a directory.

Whatever captures the pictures (a camera daemon, a phone upload, a test) writes image files
into the directory; this driver polls it, decodes QR, EAN-13 and Code 128 with pyzbar and
emits one `scan` per symbol. Decoding is limited to those symbologies because zbar's other
decoders produce false positives on ordinary photos. Processed files are moved to
DIR/processed (or deleted); images without a barcode go to DIR/failed for a person to look at.

Writers should write to a temporary name (dot-file or *.tmp/*.part) and rename; as a second
guard a file is only read once its size and mtime are unchanged between two polls.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from .base import CONNECTED, DISCONNECTED, Publish, ThreadedDevice

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"}
# pyzbar type name -> symbology name used in `scan` messages
SYMBOLOGIES = {"QRCODE": "qr", "EAN13": "ean13", "CODE128": "code128"}
MAX_CODE_CHARS = 4096


class ImageDirScanner(ThreadedDevice):
    kind = "camera"

    def __init__(self, device_id: str, directory: str, publish: Publish, *,
                 poll_interval: float = 0.25, done: str = "move"):
        super().__init__(device_id, publish)
        if done not in ("move", "delete"):
            raise ValueError("done must be 'move' or 'delete'")
        self.directory = Path(directory)
        self.poll_interval = poll_interval
        self.done = done
        self._pending: dict[str, tuple[int, int]] = {}  # name -> (size, mtime_ns) at last poll

    def describe(self) -> dict:
        return {**super().describe(), "path": str(self.directory)}

    def run(self) -> None:
        # Imported here so a bridge without --image-dir runs even where libzbar is missing.
        from pyzbar import pyzbar

        self._pyzbar = pyzbar
        self._symbols = [getattr(pyzbar.ZBarSymbol, name) for name in SYMBOLOGIES]
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("cannot create %s: %s", self.directory, exc)
        while not self.stopping:
            if self.directory.is_dir():
                self.set_status(CONNECTED)
                self._poll()
            else:
                # e.g. an unmounted share: wait for it to come back rather than recreate it.
                self.set_status(DISCONNECTED, f"{self.directory} does not exist")
            self.sleep(self.poll_interval)

    def _poll(self) -> None:
        seen: dict[str, tuple[int, int]] = {}
        try:
            entries = list(os.scandir(self.directory))
        except OSError:
            return
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if name.startswith(".") or Path(name).suffix.lower() not in IMAGE_SUFFIXES:
                continue
            try:
                if not entry.is_file():
                    continue
                st = entry.stat()
            except OSError:
                continue
            seen[name] = (st.st_size, st.st_mtime_ns)
            if self._pending.get(name) == seen[name]:
                self._process(Path(entry.path))
                seen.pop(name)
        self._pending = seen

    def _process(self, path: Path) -> None:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as img:
                symbols = self._pyzbar.decode(img.convert("L"), symbols=self._symbols)
        except (OSError, UnidentifiedImageError, ValueError) as exc:
            self.emit_error("bad_image", f"cannot read image: {exc}", file=path.name)
            self._move(path, "failed")
            return
        codes = []
        for sym in symbols:
            text = sym.data.decode("utf-8", errors="replace")
            if not text or len(text) > MAX_CODE_CHARS:
                continue
            codes.append({"code": text, "symbology": SYMBOLOGIES.get(sym.type, sym.type.lower()),
                          "file": path.name})
        if not codes:
            self.emit_error("no_barcode", "no QR, EAN-13 or Code 128 symbol found", file=path.name)
            self._move(path, "failed")
            return
        for data in codes:
            self.emit("scan", data)
        if self.done == "delete":
            path.unlink(missing_ok=True)
        else:
            self._move(path, "processed")

    def _move(self, path: Path, subdir: str) -> None:
        target_dir = self.directory / subdir
        try:
            target_dir.mkdir(exist_ok=True)
            target = target_dir / path.name
            if target.exists():  # keep both rather than overwrite evidence
                target = target_dir / f"{time.time_ns()}-{path.name}"
            shutil.move(str(path), target)
        except OSError as exc:
            # If the file cannot be moved it would be decoded again on every poll; delete it.
            log.warning("cannot move %s to %s: %s; deleting it", path, subdir, exc)
            path.unlink(missing_ok=True)
