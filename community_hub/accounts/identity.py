"""Normalising what people type as their login: an email address or a mobile number."""

from __future__ import annotations

import re

import phonenumbers

from community_hub.core.config import settings
from community_hub.core.errors import ServiceError

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_PHONE_CHARS = re.compile(r"[\s\-().]")


def normalize_identifier(raw: str, region: str | None = None) -> tuple[str, str]:
    """Return ("email"|"phone", canonical value) or refuse with a message for the form.

    A mobile number is read by the dialling rules of `region` (default HUB_PHONE_REGION) unless it
    starts with "+" or "00": "555 123 4567" typed in the US is +15551234567, not a Brazilian +55
    number, so codes reach the person who typed it."""
    text = (raw or "").strip()[:300]
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
    try:
        number = phonenumbers.parse(digits, None if digits.startswith("+") else (region or settings().phone_region))
    except phonenumbers.NumberParseException:
        raise ServiceError("Enter a valid email address or mobile number.", code="bad_identifier") from None
    # "Possible" (right length for the country), not "valid": test and fictional ranges such as
    # 555 numbers must still work in a demo; the code we send proves the number is real.
    if phonenumbers.is_possible_number_with_reason(number) != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise ServiceError("That mobile number has the wrong number of digits for its country.",
                           code="bad_identifier")
    return "phone", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
