"""Normalising what people type as their login: an email address or a mobile number."""

from __future__ import annotations

import re

from community_hub.core.errors import ServiceError

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_PHONE_CHARS = re.compile(r"[\s\-().]")


def normalize_identifier(raw: str) -> tuple[str, str]:
    """Return ("email"|"phone", canonical value) or refuse with a message for the form."""
    text = (raw or "").strip()
    if "@" in text:
        email = text.lower()
        if len(email) > 254 or not _EMAIL.match(email):
            raise ServiceError("Enter a valid email address or mobile number.", code="bad_identifier")
        return "email", email
    digits = _PHONE_CHARS.sub("", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    bare = digits[1:] if digits.startswith("+") else digits
    if not bare.isdigit() or not 7 <= len(bare) <= 15:
        raise ServiceError("Enter a valid email address or mobile number.", code="bad_identifier")
    return "phone", "+" + bare
