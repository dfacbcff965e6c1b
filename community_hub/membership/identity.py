"""Identity parameters: what ties a card to one person (one active card per identity per
programme). Kinds: a national ID number (the Chinese resident ID: 18 characters, its check digit
verified, the first six digits its area), a mobile number (a valid number by phonenumbers, kept
in E.164) and a passport number; a programme enables the kinds it accepts."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from community_hub.core.config import settings
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase

KINDS = {"national_id": N_("national ID number"), "mobile": N_("mobile number"), "passport": N_("passport number")}
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_PASSPORT = re.compile(r"^[A-Z0-9]{6,9}$")
MAX_TYPED = 40


@dataclass(frozen=True)
class Identity:
    kind: str
    value: str  # normalised
    region: str = ""  # an area prefix the identity carries (a national ID's first six digits)


def kinds_list(raw: str) -> list[str]:
    """A programme's comma-separated kinds, known ones only, in order."""
    return [k for k in (raw or "").split(",") if k in KINDS]


def check_kinds(kinds: list[str]) -> str:
    """The kinds a programme enables, checked: at least one, each known."""
    cleaned = []
    for k in kinds or []:
        if k not in KINDS:
            raise ServiceError(phrase("{kind} is not a kind of identity the platform knows.", kind=repr(k)))
        if k not in cleaned:
            cleaned.append(k)
    if not cleaned:
        raise ServiceError(phrase("Choose at least one kind of identity for the programme."))
    return ",".join(cleaned)


def national_id_ok(value: str) -> bool:
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == value[17]


def parse(kind: str, value: str, allowed: list[str] | None = None) -> Identity:
    """The identity typed (any spacing), normalised; a readable refusal when it is not one."""
    if kind not in KINDS or (allowed is not None and kind not in allowed):
        raise ServiceError(phrase("This programme does not accept that kind of identity."), code="identity_kind")
    raw = str(value or "").strip()
    if not raw:
        raise ServiceError(phrase("Enter your {what}.", what=phrase(KINDS[kind])), code="identity")
    if len(raw) > MAX_TYPED:
        raise ServiceError(phrase("The {what} is too long.", what=phrase(KINDS[kind])), code="identity")
    compact = re.sub(r"[\s\-]", "", raw).upper()
    if kind == "national_id":
        if not national_id_ok(compact):
            raise ServiceError(phrase("That national ID number is not valid (18 characters, the last one a check digit)."),
                               code="identity")
        return Identity(kind, compact, compact[:6])
    if kind == "mobile":
        try:
            number = phonenumbers.parse(compact, None if compact.startswith("+") else settings().phone_region)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ServiceError(phrase("That mobile number is not valid; include the country code, e.g. +86 138 0013 8000."),
                               code="identity")
        return Identity(kind, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    if not _PASSPORT.match(compact):
        raise ServiceError(phrase("A passport number is 6 to 9 letters and digits."), code="identity")
    return Identity(kind, compact)


def masked(value: str) -> str:
    """An identity as shown back to its owner or an admin: the last four characters only."""
    return "•" * max(0, len(value) - 4) + value[-4:]
