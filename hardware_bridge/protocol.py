"""The JSON envelope, sequence numbers and the replay buffer (format: PROTOCOL.md).

Two kinds of messages leave the bridge:
- stream messages (device.status, scan, card, terminal.status, device errors) go to every
  connected page. Each gets the next `seq` and is kept in a ring buffer so a page that
  reconnects with `?since=<seq>` receives what it missed.
- direct messages (hello, ack, ping, pong, errors answering one page's action) concern one
  connection only. They carry `seq: 0` and are never replayed, so a page can keep
  "the highest seq seen" as its resume point without special cases.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime

log = logging.getLogger(__name__)

VERSION = 1

# Stream messages (sequenced, broadcast, replayed).
DEVICE_STATUS = "device.status"
SCAN = "scan"
CARD = "card"
TERMINAL_STATUS = "terminal.status"
ERROR = "error"
STREAM_TYPES = frozenset({DEVICE_STATUS, SCAN, CARD, TERMINAL_STATUS, ERROR})

# Direct messages (one connection, seq 0).
HELLO = "hello"
ACK = "ack"
PING = "ping"
PONG = "pong"
ACTION = "action"  # page -> bridge only
CLIENT_TYPES = frozenset({ACTION, PING, PONG})

DIRECT_SEQ = 0


class ProtocolError(ValueError):
    """A message from a page that the bridge cannot accept; `code` goes into the error reply."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def envelope(type_: str, data: dict, *, seq: int = DIRECT_SEQ, device: str | None = None) -> dict:
    return {
        "v": VERSION,
        "id": str(uuid.uuid4()),
        "seq": seq,
        "type": type_,
        "device": device,
        "ts": utc_now_iso(),
        "data": data,
    }


def encode(message: dict) -> str:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False)


def parse_client_message(raw: str | bytes) -> dict:
    """Validate the outer shape of a page's message; the action itself is checked later."""
    if isinstance(raw, bytes):
        raise ProtocolError("bad_message", "binary frames are not supported; send JSON text")
    try:
        msg = json.loads(raw)
    except json.JSONDecodeError:
        raise ProtocolError("bad_json", "message is not valid JSON") from None
    if not isinstance(msg, dict):
        raise ProtocolError("bad_message", "message must be a JSON object")
    if msg.get("v") != VERSION:
        raise ProtocolError("bad_version", f"unsupported protocol version; send \"v\": {VERSION}")
    if msg.get("type") not in CLIENT_TYPES:
        raise ProtocolError("unknown_type", f"pages may send only {', '.join(sorted(CLIENT_TYPES))}")
    if "data" in msg and not isinstance(msg["data"], dict):
        raise ProtocolError("bad_message", "\"data\" must be an object")
    if msg.get("device") is not None and not isinstance(msg["device"], str):
        raise ProtocolError("bad_message", "\"device\" must be a string")
    ref = msg.get("id")
    if ref is not None and (not isinstance(ref, str) or len(ref) > 100):
        raise ProtocolError("bad_message", "\"id\" must be a string of at most 100 characters")
    msg.setdefault("data", {})
    return msg


Subscriber = Callable[[dict], None]


class Stream:
    """Sequence numbers + ring buffer + subscribers, safe to publish into from any thread.

    Device drivers run in their own threads; the lock makes seq assignment, buffering and
    notification one step, so subscribers see messages in exactly seq order.
    """

    def __init__(self, size: int = 200):
        self._lock = threading.Lock()
        self._seq = 0
        self._buffer: deque[dict] = deque(maxlen=size)
        self._subscribers: list[Subscriber] = []

    @property
    def size(self) -> int:
        return self._buffer.maxlen or 0

    @property
    def seq(self) -> int:
        with self._lock:
            return self._seq

    def publish(self, type_: str, device: str | None, data: dict) -> dict:
        if type_ not in STREAM_TYPES:
            raise ValueError(f"{type_!r} is not a stream message type")
        with self._lock:
            self._seq += 1
            message = envelope(type_, data, seq=self._seq, device=device)
            self._buffer.append(message)
            # Called under the lock so delivery order equals seq order. Subscribers must
            # not block (the server only schedules work on its event loop).
            for subscriber in list(self._subscribers):
                try:
                    subscriber(message)
                except Exception:
                    log.exception("stream subscriber failed")
        return message

    def subscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

    def snapshot(self, since: int | None) -> tuple[list[dict], int, bool]:
        """Return (buffered messages with seq > since, current seq, complete).

        `complete` is False when messages after `since` already fell out of the buffer,
        or when `since` is ahead of this bridge (the bridge restarted and counts from 1
        again); the page should then reload its state instead of trusting the replay.
        """
        with self._lock:
            current = self._seq
            if since is None:
                return [], current, True
            if since > current:
                return list(self._buffer), current, False
            replay = [m for m in self._buffer if m["seq"] > since]
            oldest = self._buffer[0]["seq"] if self._buffer else current + 1
            return replay, current, since >= oldest - 1
