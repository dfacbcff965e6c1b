"""HMAC signatures on results that move money or identify a person.

The page relays these results to the web server, which must not trust the browser: it
re-computes the MAC with the kiosk's secret, checks the time window and refuses a nonce it
has seen, so a captured message cannot be replayed or edited. The web app re-implements
`verify` from the description in PROTOCOL.md; keep the two in step.

mac = hex(HMAC-SHA256(secret_utf8, f"{ts}.{nonce}.{canonical_json(data_without_sig)}"))
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import MutableMapping

ALG = "HMAC-SHA256"
NONCE_BYTES = 16
_NONCE_RE = re.compile(r"^[0-9a-f]{32}$")
_MAC_RE = re.compile(r"^[0-9a-f]{64}$")
# JavaScript numbers lose precision beyond this; the page may re-serialise the body.
_MAX_SAFE_INT = 2**53 - 1


class SignatureError(ValueError):
    """Why a signed body was refused: `reason` is one of malformed, bad_mac, stale, replayed."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def canonical_json(body: dict) -> str:
    # ensure_ascii (the default) keeps the text pure ASCII, so both sides hash the same bytes.
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def needs_signature(type_: str, data: dict) -> bool:
    """Card reads identify a person; approved/declined terminal results move money."""
    if type_ == "card":
        return True
    return type_ == "terminal.status" and data.get("state") in ("approved", "declined")


def compute_mac(secret: str | bytes, ts: int, nonce: str, body: dict) -> str:
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    message = f"{ts}.{nonce}.{canonical_json(body)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign(secret: str | bytes, data: dict, *, now: float | None = None, nonce: str | None = None) -> dict:
    """Return a copy of `data` with `sig` added. `now`/`nonce` exist for tests and examples."""
    body = {k: v for k, v in data.items() if k != "sig"}
    _check_portable(body)
    ts = int(time.time() if now is None else now)
    nonce = nonce or secrets.token_hex(NONCE_BYTES)
    sig = {"ts": ts, "nonce": nonce, "alg": ALG, "mac": compute_mac(secret, ts, nonce, body)}
    return {**body, "sig": sig}


def verify(
    secret: str | bytes,
    data: dict,
    now: float,
    window_s: float = 60,
    *,
    seen_nonces: MutableMapping[str, int],
) -> dict:
    """Check a signed body; return it without `sig` or raise SignatureError.

    `seen_nonces` maps nonce -> sig ts and must persist between calls (per kiosk). A nonce is
    remembered only after the MAC checks out, so forged messages cannot fill it; entries older
    than the window are pruned because their messages would fail the time check anyway.
    """
    if not isinstance(data, dict) or not isinstance(data.get("sig"), dict):
        raise SignatureError("malformed", "no signature")
    sig = data["sig"]
    ts, nonce, alg, mac = sig.get("ts"), sig.get("nonce"), sig.get("alg"), sig.get("mac")
    if (
        set(sig) != {"ts", "nonce", "alg", "mac"}
        or alg != ALG
        or isinstance(ts, bool)
        or not isinstance(ts, int)
        or not isinstance(nonce, str)
        or not _NONCE_RE.match(nonce)
        or not isinstance(mac, str)
        or not _MAC_RE.match(mac)
    ):
        raise SignatureError("malformed", "signature fields are missing or malformed")
    body = {k: v for k, v in data.items() if k != "sig"}
    if not hmac.compare_digest(compute_mac(secret, ts, nonce, body), mac):
        raise SignatureError("bad_mac", "signature does not match the body")
    if abs(now - ts) > window_s:
        raise SignatureError("stale", f"signature time is more than {window_s}s from now")
    for old_nonce, old_ts in list(seen_nonces.items()):
        if old_ts < now - window_s:
            del seen_nonces[old_nonce]
    if nonce in seen_nonces:
        raise SignatureError("replayed", "nonce already used")
    seen_nonces[nonce] = ts
    return body


def _check_portable(value, path: str = "data") -> None:
    """Refuse values that would not survive JSON.parse/JSON.stringify unchanged (floats,
    huge ints): the server hashes the body it receives after the page relayed it."""
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"{path}: keys must be strings")
            _check_portable(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_portable(v, f"{path}[{i}]")
    elif isinstance(value, float):
        raise TypeError(f"{path}: floats are not allowed in signed bodies (use integer minor units)")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > _MAX_SAFE_INT:
        raise TypeError(f"{path}: integer too large for JavaScript")
    elif value is not None and not isinstance(value, (str, int, bool)):
        raise TypeError(f"{path}: {type(value).__name__} is not a JSON value")
