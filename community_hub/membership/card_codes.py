"""Card numbers and secret activation codes.

A number is 12 digits whose last is a Luhn check digit (a mistyped digit is caught before any try
is counted). The code is derived from the server's secret and the card's random salt, so the
database alone never reveals it and the batch sheet can be printed again; what is stored to check
a typed code is sha256(salt:code), which keeps working even if the secret later changes (only a
reprint would then show other codes). The QR on a printed card carries both: "hub-card:<number>:<code>".
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from community_hub.core.config import settings

_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8
QR_PREFIX = "hub-card:"


def luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def new_number() -> str:
    body = "8" + "".join(secrets.choice("0123456789") for _ in range(10))
    return body + luhn_digit(body)


def number_ok(number: str) -> bool:
    return len(number) == 12 and number.isdigit() and luhn_digit(number[:-1]) == number[-1]


def clean_number(typed: str) -> str:
    return "".join(ch for ch in str(typed or "") if ch.isdigit())[:20]


def new_salt() -> str:
    return secrets.token_hex(16)


def code_for(number: str, salt: str) -> str:
    mac = hmac.new(settings().secret_key.encode(), f"membership-card:{number}:{salt}".encode(), hashlib.sha256).digest()
    return "".join(_ALPHABET[b % len(_ALPHABET)] for b in mac[:CODE_LENGTH])


def code_hash(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def code_matches(salt: str, stored_hash: str, typed: str) -> bool:
    cleaned = "".join(str(typed or "").split()).upper()[:32]
    return hmac.compare_digest(code_hash(salt, cleaned), stored_hash)


def qr_payload(number: str, code: str) -> str:
    return f"{QR_PREFIX}{number}:{code}"


def read_qr(payload: str) -> tuple[str, str] | None:
    """(number, code) from a scanned card QR, or None when it is not one."""
    text = str(payload or "").strip()
    if not text.startswith(QR_PREFIX):
        return None
    number, _, code = text[len(QR_PREFIX):].partition(":")
    return (number, code) if number and code else None
