"""Card details typed on our own payment page, checked before they go to the provider: a number
that passes the Luhn check, an expiry month that has not passed, a 3- or 4-digit CVC. A typo is
told at once and in words, instead of as a provider's decline."""

from __future__ import annotations

import re
from datetime import datetime

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.models.base import utcnow
from community_hub.payments.providers.registry import get_provider

_EXPIRY = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*$")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def check_card_details(number: str, expiry: str, cvc: str, now: datetime | None = None) -> str:
    """The card number as digits, or a refusal that names what is wrong."""
    digits = re.sub(r"[\s-]", "", number or "")
    if not digits.isdigit() or not 12 <= len(digits) <= 19 or not luhn_ok(digits):
        raise ServiceError(phrase("That card number is not right: check the digits."), code="card_number")
    m = _EXPIRY.match(expiry or "")
    if m is None or not 1 <= int(m.group(1)) <= 12:
        raise ServiceError(phrase("Enter the expiry date as MM / YY, as printed on the card."), code="card_expiry")
    month, year = int(m.group(1)), int(m.group(2)) % 100 + 2000
    now = now or utcnow()
    if (year, month) < (now.year, now.month):
        raise ServiceError(phrase("That card has expired."), code="card_expiry")
    if not re.fullmatch(r"\d{3,4}", (cvc or "").strip()):
        raise ServiceError(phrase("The security code (CVC) is the 3 or 4 digits on the back of the card."),
                           code="card_cvc")
    return digits


def card_typed_here() -> bool:
    """Whether the deployment's card provider takes the card on our own pages (the demo provider)
    rather than on its hosted page (Stripe Checkout, reached through /pay/<id>): forms show a card
    field, and check it, only then."""
    return not getattr(get_provider(), "hosted_checkout", False)
