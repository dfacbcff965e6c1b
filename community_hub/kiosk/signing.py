"""Checks the hardware bridge's signature on results the browser relays (PROTOCOL.md §4).

A re-implementation from the protocol text, not an import of hardware_bridge: the web app and
the bridge are separate programs and the protocol is the contract between them. Whether a nonce
was used before is the caller's business (`nonce_unused`), so it can live in the database and
hold across workers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable

WINDOW_S = 60
_NONCE = re.compile(r"^[0-9a-f]{32}$")
_MAC = re.compile(r"^[0-9a-f]{64}$")


class SignatureError(Exception):
    """Why a signed message was refused: malformed | bad_mac | stale | replayed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def canonical(body: dict) -> str:
    # Python's json with sorted keys and ASCII escapes is exactly the bridge's canonical form.
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def compute_mac(secret: str, ts: int, nonce: str, body: dict) -> str:
    msg = f"{ts}.{nonce}.{canonical(body)}".encode()
    return hmac.new(secret.encode(), msg, hashlib.sha256).hexdigest()


def sign(secret: str, body: dict, ts: int, nonce: str) -> dict:
    """`body` plus its `sig` (tests and the bench use it to play the bridge's part)."""
    return {**body, "sig": {"ts": ts, "nonce": nonce, "alg": "HMAC-SHA256",
                            "mac": compute_mac(secret, ts, nonce, body)}}


def verify(secret: str, data: object, now: float, nonce_unused: Callable[[str, int], bool],
           window_s: int = WINDOW_S) -> dict:
    """Return the signed body (data without `sig`) or raise SignatureError, checking in the
    protocol's order: shape, MAC, time window, then nonce. `nonce_unused(nonce, ts)` is called
    only for messages that passed the first three checks, so forgeries never use up nonces; it
    records the nonce and says whether it was new."""
    if not isinstance(data, dict):
        raise SignatureError("malformed")
    sig = data.get("sig")
    if not isinstance(sig, dict) or set(sig) != {"ts", "nonce", "alg", "mac"}:
        raise SignatureError("malformed")
    ts, nonce, alg, mac = sig["ts"], sig["nonce"], sig["alg"], sig["mac"]
    if (not isinstance(ts, int) or isinstance(ts, bool) or alg != "HMAC-SHA256"
            or not isinstance(nonce, str) or not _NONCE.match(nonce)
            or not isinstance(mac, str) or not _MAC.match(mac)):
        raise SignatureError("malformed")
    body = {k: v for k, v in data.items() if k != "sig"}
    try:
        expected = compute_mac(secret, ts, nonce, body)
    except (TypeError, ValueError) as exc:  # a body JSON cannot express was never signed
        raise SignatureError("malformed") from exc
    if not hmac.compare_digest(expected, mac):
        raise SignatureError("bad_mac")
    if abs(now - ts) > window_s:
        raise SignatureError("stale")
    if not nonce_unused(nonce, ts):
        raise SignatureError("replayed")
    return body
