"""Serial scanner / card reader driver on real pseudo-terminals."""

import os

import pytest

from hardware_bridge.bridge import Bridge
from hardware_bridge.devices.serial_reader import SerialReader, SerialSettings
from hardware_bridge.signing import verify

from .conftest import SECRET, FakeSerialPort, Recorder


def start_reader(port, publish, kind="scanner", framing="any", **kw):
    reader = SerialReader(kind, kind, str(port.link), publish, SerialSettings(framing=framing),
                          backoff_initial=0.05, backoff_max=0.4, partial_timeout=0.3, **kw)
    reader.start()
    return reader


@pytest.fixture
def scanner(serial_port, recorder):
    reader = start_reader(serial_port, recorder)
    recorder.wait_status("connected")
    yield reader
    reader.stop()


def is_scan(code):
    return lambda m: m["type"] == "scan" and m["data"]["code"] == code


def test_scanner_emits_scan_for_cr_frame(scanner, serial_port, recorder):
    serial_port.write(b"CODE123\r")
    msg = recorder.wait_for(is_scan("CODE123"))
    assert msg["device"] == "scanner"
    assert msg["data"] == {"code": "CODE123", "symbology": None}


def test_default_framing_accepts_lf_and_crlf(scanner, serial_port, recorder):
    serial_port.write(b"LF-CODE\nCRLF-CODE\r\n")
    recorder.wait_for(is_scan("CRLF-CODE"))
    assert [m["data"]["code"] for m in recorder.of_type("scan")] == ["LF-CODE", "CRLF-CODE"]
    assert recorder.of_type("error") == []  # the LF of CRLF is not an empty frame


def test_explicit_lf_framing(serial_port, recorder):
    reader = start_reader(serial_port, recorder, framing="lf")
    try:
        recorder.wait_status("connected")
        serial_port.write(b"CODE456\n")
        recorder.wait_for(is_scan("CODE456"))
    finally:
        reader.stop()


def test_garbage_and_partial_frames_give_errors_not_scans(scanner, serial_port, recorder):
    serial_port.write(b"\x00\x01\x02\xff\xfe\r")
    recorder.wait_for(lambda m: m["type"] == "error" and m["data"]["reason"] == "not_text")
    serial_port.write(b"Z" * 300 + b"\r")
    recorder.wait_for(lambda m: m["type"] == "error" and m["data"]["reason"] == "too_long")
    serial_port.write(b"PARTIAL")  # never terminated: dropped after the quiet period
    recorder.wait_for(lambda m: m["type"] == "error" and m["data"]["reason"] == "partial")
    serial_port.write(b"CODE789\r")
    recorder.wait_for(is_scan("CODE789"))
    assert [m["data"]["code"] for m in recorder.of_type("scan")] == ["CODE789"]
    errors = recorder.of_type("error")
    assert all(m["data"]["code"] == "bad_frame" for m in errors)


def test_unplug_and_replug_reconnects_and_scans_flow_again(scanner, serial_port, recorder):
    serial_port.write(b"BEFORE\r")
    recorder.wait_for(is_scan("BEFORE"))
    mark = recorder.mark()
    serial_port.unplug(remove_link=True)
    recorder.wait_status("disconnected", after=mark)
    assert scanner.status == "disconnected"
    mark = recorder.mark()
    serial_port.plug()  # a new pty behind the same path
    recorder.wait_status("connected", after=mark)
    serial_port.write(b"AFTER\r")
    recorder.wait_for(is_scan("AFTER"), after=mark)


def test_path_repointed_to_another_device_is_followed(scanner, serial_port, recorder, tmp_path):
    # udev re-creates by-id links on re-plug; the old device may still look alive.
    old = FakeSerialPort(tmp_path / "old")  # keep a handle so we can close it later
    os.replace(serial_port.link, old.link)  # the driver's port is now old.link's target...
    mark = recorder.mark()
    serial_port.plug()  # ...and scanner path points to a fresh pty
    recorder.wait_status("disconnected", after=mark)
    recorder.wait_status("connected", after=mark)
    serial_port.write(b"NEWPORT\r")
    recorder.wait_for(is_scan("NEWPORT"), after=mark)
    old.unplug()


def test_missing_port_at_start_reports_disconnected_then_connects(tmp_path, recorder):
    link = tmp_path / "late"
    reader = SerialReader("scanner", "scanner", str(link), recorder,
                          backoff_initial=0.05, backoff_max=0.2)
    reader.start()
    try:
        recorder.wait_status("disconnected")
        port = FakeSerialPort(link)
        recorder.wait_status("connected")
        port.write(b"LATE\r")
        recorder.wait_for(is_scan("LATE"))
        port.unplug()
    finally:
        reader.stop()


def test_card_reader_emits_signed_card(tmp_path):
    bridge = Bridge(kiosk_id="kiosk-7", secret=SECRET)
    rec = Recorder()
    bridge.stream.subscribe(rec.record)
    port = FakeSerialPort(tmp_path / "cards")
    reader = bridge.add(SerialReader("card_reader", "card_reader", str(port.link), bridge.publish))
    bridge.start()
    try:
        rec.wait_status("connected")
        port.write(b"\x02MEMBER-0042\x03\r\n")  # STX/ETX from the reader are stripped as controls
        msg = rec.wait_for(lambda m: m["type"] == "card")
        assert msg["device"] == "card_reader" and msg["seq"] > 0
        assert msg["data"]["card"] == "MEMBER-0042"
        assert msg["data"]["kiosk_id"] == "kiosk-7"
        body = verify(SECRET, msg["data"], now=msg["data"]["sig"]["ts"], seen_nonces={})
        assert body == {"card": "MEMBER-0042", "kiosk_id": "kiosk-7"}
    finally:
        bridge.stop()
        port.unplug()
    assert reader.stopping
