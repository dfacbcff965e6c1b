"""What every merchant screen needs: which shop the merchant runs, and money as text."""

from __future__ import annotations

from datetime import datetime

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money, parse_amount
from community_hub.core.permissions import Actor


def shop_id(actor: Actor) -> int:
    """The merchant's shop (the first, if they run several); a readable refusal if they run none."""
    if not actor.merchant_ids:
        raise ServiceError(phrase("You do not run a shop yet. Apply to sell at /merchant/apply."), code="no_shop")
    return min(actor.merchant_ids)


def money(minor: int | None, currency: str = "USD") -> str:
    return format_money(minor, currency)


def parse_money(text: str, what: str = "amount", allow_blank: bool = False, currency: str = "USD") -> int | None:
    """"2.50" -> 250 (minor units), as a Decimal, never a float (core.money.parse_amount)."""
    return parse_amount(text, currency, what, allow_blank=allow_blank)


def when(at: datetime | None, zone: str) -> str:
    """A stored (UTC) time in the viewer's zone, "2026-11-22 09:30 EST"; pass `actor.time_zone`."""
    return local_time.fmt(at, zone)


def parse_day(text: str, what: str, *, zone: str, end_of_day: bool = False) -> datetime | None:
    """"2026-12-31" from a date input -> the UTC instant that LOCAL day starts (or, with end_of_day,
    the next local day starts: an exclusive end); blank -> None. Pass `actor.time_zone`."""
    bound = local_time.local_date_end if end_of_day else local_time.local_date_start
    return bound(text, zone, what)


def whole_number(text: str, what: str, allow_blank: bool = False) -> int | None:
    """"12" -> 12; blank -> None when allowed; anything else is refused. `what`: a word marked with
    phrase() by the caller ("stock"), shown in the reader's language inside the sentence."""
    text = (text or "").strip()
    if not text and allow_blank:
        return None
    if not text.isdigit():
        raise ServiceError(phrase("The {what} must be a whole number (0 or more).", what=phrase(what)))
    return int(text)


def file_size(size: int) -> str:
    return f"{size} bytes" if size < 1024 else f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1048576:.1f} MB"
