"""Opening hours: whether a shop takes orders right now, in the shop's own time zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, bindparam
from sqlmodel import Session, select

from community_hub.core import prebuilt
from community_hub.core.local_time import zone_info
from community_hub.models import Merchant
from community_hub.models.base import utcnow
from community_hub.models.catalog import MerchantHours

# Built once (core/prebuilt.py): checkout asks on every order, the product page on every open.
_SPANS = select(MerchantHours.weekday, MerchantHours.opens_min, MerchantHours.closes_min).where(
    MerchantHours.merchant_id == bindparam("merchant_id"))


def is_open_now(db: Session, merchant: Merchant, now: datetime | None = None) -> bool:
    """Open if the manual switch is on and (no hours set, or now falls in a span in the shop's time zone)."""
    if not merchant.is_open:
        return False
    return open_in_spans(merchant, prebuilt.rows(db, _SPANS, merchant_id=merchant.id), now)


def open_in_spans(merchant: Merchant, spans: Sequence[MerchantHours | Row], now: datetime | None = None) -> bool:
    """`is_open_now` on hours already read (the shop page keeps them: marketplace/kept_reads.py)."""
    if not merchant.is_open:
        return False
    if not spans:
        return True
    local = (now or utcnow()).astimezone(zone_info(merchant.timezone))
    minute, day = local.hour * 60 + local.minute, local.weekday()
    return any(_in_span(s.weekday, s.opens_min, s.closes_min, day, minute) for s in spans)


def _in_span(weekday: int, opens: int, closes: int, day: int, minute: int) -> bool:
    """A span closing at or before it opens runs past midnight (Fri 18:00-02:00 is open on
    Saturday until 02:00)."""
    if opens < closes:
        return day == weekday and opens <= minute < closes
    return (day == weekday and minute >= opens) or (day == (weekday + 1) % 7 and minute < closes)
