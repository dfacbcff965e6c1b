"""Bytes from a serial line -> frames -> clean text.

Scanners and card readers send one read per frame, ended by CR, LF, CRLF, or wrapped in
STX...ETX. The splitter is incremental because a frame may arrive over several reads.
Anything that is not a plausible scan (binary noise, empty, too long) becomes a FrameError
so the driver reports it instead of emitting a bogus scan.
"""

from __future__ import annotations

import unicodedata

MAX_FRAME_BYTES = 256

CR, LF, STX, ETX = 0x0D, 0x0A, 0x02, 0x03


class FrameError(Exception):
    """A frame (or part of one) that was discarded; `reason` is a short code."""

    def __init__(self, reason: str, message: str, length: int = 0):
        super().__init__(message)
        self.reason = reason
        self.length = length


class FrameSplitter:
    """Feed raw bytes, get complete frames (bytes) and FrameErrors in arrival order.

    framing:
      any     - CR or LF ends a frame; an LF right after a CR is part of that terminator
      cr, lf  - only that byte ends a frame (the other is data, later stripped as control)
      crlf    - only CR LF ends a frame
      stx-etx - a frame is STX data ETX; bytes outside a frame are dropped
    """

    def __init__(self, framing: str = "any", max_len: int = MAX_FRAME_BYTES):
        if framing not in ("any", "cr", "lf", "crlf", "stx-etx"):
            raise ValueError(f"unknown framing {framing!r}")
        self.framing = framing
        self.max_len = max_len
        self._buf = bytearray()
        self._overflow = False  # dropping bytes of an over-long frame until its end
        self._after_cr = False  # "any": swallow the LF of a CRLF pair
        self._in_frame = False  # "stx-etx": between STX and ETX

    @property
    def has_partial(self) -> bool:
        return bool(self._buf) or self._overflow

    def discard_partial(self) -> FrameError | None:
        """Drop an unfinished frame (the driver calls this when the line has gone quiet, so a
        half frame is not glued onto the next scan)."""
        if not self.has_partial:
            return None
        length = len(self._buf)
        self._buf.clear()
        self._overflow = self._in_frame = False
        return FrameError("partial", f"incomplete frame of {length} bytes discarded", length)

    def feed(self, chunk: bytes) -> list[bytes | FrameError]:
        out: list[bytes | FrameError] = []
        for byte in chunk:
            if self.framing == "stx-etx":
                self._feed_stx_etx(byte, out)
            else:
                self._feed_terminated(byte, out)
        return out

    def _feed_terminated(self, byte: int, out: list) -> None:
        framing = self.framing
        after_cr, self._after_cr = self._after_cr, byte == CR
        if framing == "any":
            if byte == LF and after_cr:
                return
            end = byte in (CR, LF)
        elif framing == "cr":
            end = byte == CR
        elif framing == "lf":
            end = byte == LF
        else:  # crlf: the CR was buffered as data until we knew an LF follows
            end = byte == LF and after_cr
            if end and self._buf.endswith(b"\r"):
                del self._buf[-1]
        if end:
            self._finish(out)
        else:
            self._append(byte, out)

    def _feed_stx_etx(self, byte: int, out: list) -> None:
        if byte == STX:
            if self._in_frame and (self._buf or self._overflow):
                out.append(FrameError("partial", "frame restarted before its ETX", len(self._buf)))
            self._buf.clear()
            self._overflow = False
            self._in_frame = True
        elif byte == ETX and self._in_frame:
            self._in_frame = False
            self._finish(out)
        elif self._in_frame:
            self._append(byte, out)

    def _append(self, byte: int, out: list) -> None:
        if self._overflow:
            return
        self._buf.append(byte)
        # crlf framing holds one pending CR, so allow it a byte of slack.
        limit = self.max_len + (1 if self.framing == "crlf" and byte == CR else 0)
        if len(self._buf) > limit:
            out.append(FrameError("too_long", f"frame longer than {self.max_len} bytes discarded",
                                  len(self._buf)))
            self._buf.clear()
            self._overflow = True

    def _finish(self, out: list) -> None:
        if self._overflow:
            self._overflow = False  # the error was already reported when it overflowed
        else:
            out.append(bytes(self._buf))
        self._buf.clear()


def clean_frame(raw: bytes, max_len: int = MAX_FRAME_BYTES) -> str:
    """Return the frame as text without control characters, or raise FrameError.

    Strips C0/C1 control characters (prefix/suffix bytes some readers add) and surrounding
    whitespace. Refuses frames that are not UTF-8, are mostly control bytes (line noise),
    contain other non-printable characters, or end up empty.
    """
    if len(raw) > max_len:
        raise FrameError("too_long", f"frame longer than {max_len} bytes discarded", len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FrameError("not_text", "frame is not UTF-8 text", len(raw)) from None
    kept = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    if len(text) - len(kept) > len(kept):
        raise FrameError("noise", "frame is mostly control bytes", len(raw))
    kept = kept.strip()
    if not kept:
        raise FrameError("empty", "empty frame", len(raw))
    if not all(ch.isprintable() or ch == " " for ch in kept):
        raise FrameError("not_printable", "frame holds non-printable characters", len(raw))
    return kept
