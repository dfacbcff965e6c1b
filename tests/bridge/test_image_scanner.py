"""Image-directory scanner decoding real PNGs (segno QR, python-barcode EAN-13/Code 128)."""

import os

import barcode
import segno
from barcode.writer import ImageWriter
from PIL import Image

from hardware_bridge.devices.image_scanner import ImageDirScanner


def drop(path, watched):
    """Write elsewhere, then rename in: the way a capture tool should deliver files."""
    target = watched / os.path.basename(path)
    os.replace(path, target)
    return target


def test_decodes_qr_ean13_and_code128_then_moves_files(tmp_path, recorder):
    staging, watched = tmp_path / "staging", tmp_path / "inbox"
    staging.mkdir()
    segno.make_qr("https://hub.example/o/42", error="m").save(staging / "a_qr.png", scale=6)
    ean = barcode.get("ean13", "590123412345", writer=ImageWriter()).save(str(staging / "b_ean"))
    c128 = barcode.get("code128", "PARCEL-00017", writer=ImageWriter()).save(str(staging / "c_code128"))
    Image.new("RGB", (120, 80), "white").save(staging / "d_blank.png")

    scanner = ImageDirScanner("camera", str(watched), recorder, poll_interval=0.05)
    scanner.start()
    try:
        recorder.wait_status("connected")
        for path in (staging / "a_qr.png", ean, c128, staging / "d_blank.png"):
            drop(path, watched)
        recorder.wait_for(lambda m: m["type"] == "error" and m["data"]["code"] == "no_barcode")
        recorder.wait_for(lambda m: len(recorder.of_type("scan")) >= 3)
    finally:
        scanner.stop()

    scans = {m["data"]["symbology"]: m["data"]["code"] for m in recorder.of_type("scan")}
    assert scans == {"qr": "https://hub.example/o/42", "ean13": "5901234123457", "code128": "PARCEL-00017"}
    assert all(m["device"] == "camera" for m in recorder.of_type("scan"))
    assert sorted(p.name for p in (watched / "processed").iterdir()) == ["a_qr.png", "b_ean.png", "c_code128.png"]
    assert [p.name for p in (watched / "failed").iterdir()] == ["d_blank.png"]
    assert not any(p.is_file() for p in watched.iterdir())


def test_delete_mode_and_ignored_files(tmp_path, recorder):
    watched = tmp_path / "inbox"
    watched.mkdir()
    (watched / "notes.txt").write_text("not an image")
    (watched / ".partial.png").write_bytes(b"half written")
    scanner = ImageDirScanner("camera", str(watched), recorder, poll_interval=0.05, done="delete")
    scanner.start()
    try:
        recorder.wait_status("connected")
        # make_qr: segno.make() would pick Micro QR for short text, which zbar cannot read.
        segno.make_qr("ROOM-12").save(tmp_path / "q.png", scale=5)
        drop(tmp_path / "q.png", watched)
        recorder.wait_for(lambda m: m["type"] == "scan" and m["data"]["code"] == "ROOM-12")
    finally:
        scanner.stop()
    assert sorted(p.name for p in watched.iterdir()) == [".partial.png", "notes.txt"]
    assert recorder.of_type("error") == []
