"""Money as people type and read it, in one place.

Amounts are integers in the currency's minor unit (cents; whole yen; whole points). What people
type is parsed as a Decimal, never a float, and anything that is not an exact amount is refused
with a message ("12.505" is refused, not rounded). What people read is formatted by Babel with the
currency's own precision, so "$12.50", "¥1,200" and "€3.00" come out right, in the reader's locale.
Points (currency "PTS") are the platform's own unit: whole numbers, read as "1,200 points".
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import format_currency, format_decimal, get_currency_precision

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import Shown, babel_locale, known, phrase, translate

POINTS = "PTS"
DEFAULT_LOCALE = "en_US"
# Larger than any price, bill or payout we take (a typo of extra zeros is refused, not charged).
MAX_MINOR = 10**11


def minor_digits(currency: str) -> int:
    """How many decimals the currency has: 2 for USD, 0 for JPY and for points."""
    code = (currency or "USD").upper()
    if code == POINTS:
        return 0
    return get_currency_precision(code)


def to_decimal(amount_minor: int, currency: str = "USD") -> Decimal:
    return Decimal(int(amount_minor)).scaleb(-minor_digits(currency))


def format_money(amount_minor: int | None, currency: str = "USD", locale: str | None = None) -> str:
    """12345, "USD" -> "$123.45"; None -> "" (a price not set). Written the way the reader's
    language writes it (core/i18n.reader: "US$123.45", "¥1,200.00" for a Chinese reader) unless
    a Babel `locale` is given."""
    if amount_minor is None:
        return ""
    locale = locale or babel_locale()
    code = (currency or "USD").upper()
    if code == POINTS:
        lang = "zh" if locale.startswith("zh") else "en"
        return translate(lang, "{count} points", count=format_decimal(int(amount_minor), locale=locale))
    return _currency_text(int(amount_minor), code, locale)


# Babel takes about 16 µs per amount, and a page shows the same prices, totals and fees to every
# reader of its language: the written form is remembered per (amount, currency, locale)
# (docs/PROFILE.md, eighth round: 3.3 % of the worker under the resident mix).
@lru_cache(maxsize=8192)
def _currency_text(amount_minor: int, code: str, locale: str) -> str:
    return format_currency(to_decimal(amount_minor, code), code, locale=locale, currency_digits=True)


def money_shown(amount_minor: int | None, currency: str = "USD") -> Shown:
    """An amount for a message translated later (an outbox message, a `phrase`): written in the
    language of whoever reads it."""
    return Shown(lambda lang: format_money(amount_minor, currency, babel_locale(known(lang))))


def plain_amount(amount_minor: int | None, currency: str = "USD") -> str:
    """12345, "USD" -> "123.45": for input fields and CSV cells (no symbol, no grouping)."""
    if amount_minor is None:
        return ""
    digits = minor_digits(currency)
    return f"{to_decimal(amount_minor, currency):.{digits}f}"


# What a refusal calls the amount unless the caller names it ("price"), marked for the catalog.
AMOUNT = phrase("amount")


def parse_amount(text: str | int | None, currency: str = "USD", what: str = AMOUNT, *,
                 allow_blank: bool = False, allow_zero: bool = True,
                 maximum_minor: int = MAX_MINOR) -> int | None:
    """ "2.50" -> 250 (minor units of `currency`). Refuses, with a message naming `what`: blanks
    (unless allow_blank, which gives None), words, "inf"/"nan", negatives, more decimals than the
    currency has, zero (unless allow_zero) and absurdly large amounts. Accepts "1,234.50" and a
    leading currency symbol as people type them."""
    word = phrase(what)  # "price", marked by the caller: read in the reader's language with the sentence
    if isinstance(text, bool):
        raise ServiceError(phrase("Enter the {what} as a number, e.g. 12.50.", what=word))
    raw = str(text if text is not None else "").strip()
    if not raw:
        if allow_blank:
            return None
        raise ServiceError(phrase("Enter the {what}.", what=word))
    cleaned = raw.replace(",", "").replace(" ", "").lstrip("$€£¥")
    if len(cleaned) > 20:
        raise ServiceError(phrase("The {what} is too long to be an amount.", what=word))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ServiceError(phrase("Enter the {what} as a number, e.g. 12.50.", what=word)) from None
    if not value.is_finite():
        raise ServiceError(phrase("Enter the {what} as a number, e.g. 12.50.", what=word))
    if value < 0:
        raise ServiceError(phrase("The {what} cannot be negative.", what=word))
    digits = minor_digits(currency)
    minor = value.scaleb(digits)
    if minor != minor.to_integral_value():
        if digits == 0:
            raise ServiceError(phrase("The {what} must be a whole number.", what=word))
        raise ServiceError(phrase("The {what} can have at most {digits} decimals.", what=word, digits=digits))
    result = int(minor)
    if result == 0 and not allow_zero:
        raise ServiceError(phrase("The {what} must be more than zero.", what=word))
    if result > maximum_minor:
        raise ServiceError(phrase("The {what} is larger than we accept.", what=word))
    return result
