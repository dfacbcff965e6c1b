"""Framing and frame cleaning (pure functions, no I/O)."""

import pytest

from hardware_bridge.devices.frames import FrameError, FrameSplitter, clean_frame


def feed_all(framing, *chunks):
    splitter = FrameSplitter(framing)
    return [item for chunk in chunks for item in splitter.feed(chunk)], splitter


def test_any_framing_accepts_cr_lf_and_crlf_split_across_reads():
    frames, splitter = feed_all("any", b"CODE1\r", b"\nCODE2\n", b"CO", b"DE3\r\n")
    assert frames == [b"CODE1", b"CODE2", b"CODE3"]
    assert not splitter.has_partial


@pytest.mark.parametrize("framing, data, expected", [
    ("cr", b"A\nB\rC\r", [b"A\nB", b"C"]),
    ("lf", b"A\rB\nC\n", [b"A\rB", b"C"]),
    ("crlf", b"A\rB\r\nC\r\n", [b"A\rB", b"C"]),
    ("stx-etx", b"noise\x02AB\x03\r\n\x02CD\x03", [b"AB", b"CD"]),
])
def test_explicit_framings(framing, data, expected):
    frames, _ = feed_all(framing, data)
    assert frames == expected


def test_too_long_frame_is_reported_once_and_the_next_frame_survives():
    frames, _ = feed_all("crlf", b"X" * 300, b"\r\nOK\r\n")
    assert isinstance(frames[0], FrameError) and frames[0].reason == "too_long"
    assert frames[1:] == [b"OK"]


def test_partial_frame_can_be_discarded():
    splitter = FrameSplitter("cr")
    assert splitter.feed(b"PART") == []
    err = splitter.discard_partial()
    assert err.reason == "partial"
    assert splitter.feed(b"CODE\r") == [b"CODE"]


@pytest.mark.parametrize("raw, text", [
    (b"CODE123", "CODE123"),
    (b"  CODE\x00123\t", "CODE123"),
    ("Café-1".encode(), "Café-1"),
])
def test_clean_frame_strips_control_characters(raw, text):
    assert clean_frame(raw) == text


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty"),
    (b"   ", "empty"),
    (b"\x00\x01\x02\xff\xfe", "not_text"),
    (b"\x00\x01\x02A", "noise"),
    ("A\u200bB".encode(), "not_printable"),
    (b"Y" * 257, "too_long"),
])
def test_clean_frame_rejects_garbage(raw, reason):
    with pytest.raises(FrameError) as info:
        clean_frame(raw)
    assert info.value.reason == reason
