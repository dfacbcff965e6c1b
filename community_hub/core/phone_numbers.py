"""A phone number someone else will dial (a courier's, a shop's): read by the community's dialling
rules unless it starts with + or 00, checked to have the right number of digits for its country,
and kept in the international form anyone can dial ("+1 555-123-4567")."""

from __future__ import annotations

import re

import phonenumbers

from community_hub.core.config import settings
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase

_SPACING = re.compile(r"[\s\-().]")
MAX_TYPED = 40


PHONE_NUMBER = phrase("phone number")  # what a refusal calls the field unless the caller names it


def dialable_phone(text: str | None, what: str = PHONE_NUMBER, region: str | None = None) -> str:
    """"555 123 4567" -> "+1 555-123-4567"; "" -> ""; a readable refusal for anything else."""
    raw = str(text or "").strip()
    if not raw:
        return ""
    if len(raw) > MAX_TYPED:
        raise ServiceError(phrase("The {what} is too long to be a phone number.", what=phrase(what)))
    digits = _SPACING.sub("", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    bare = digits[1:] if digits.startswith("+") else digits
    if not bare.isdigit():
        raise ServiceError(phrase("The {what} can only have digits, spaces and a leading +, e.g. +1 555 123 4567.",
                                  what=phrase(what)))
    try:
        number = phonenumbers.parse(digits, None if digits.startswith("+") else (region or settings().phone_region))
    except phonenumbers.NumberParseException:
        raise ServiceError(phrase("Enter the {what} with its country code, e.g. +1 555 123 4567.",
                                  what=phrase(what))) from None
    # "Possible" (right length for the country, or a local number dialled within the area), not
    # "valid": demo and fictional 555 numbers pass.
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        return " ".join(raw.split())  # a local number (555-0101) is dialled as typed, within the area
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise ServiceError(phrase("The {what} has the wrong number of digits for its country.",
                                  what=phrase(what)))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
