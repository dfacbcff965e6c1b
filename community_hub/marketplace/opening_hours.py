"""Opening hours: whether a shop takes orders right now, in the shop's own time zone."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.local_time import zone_info
from community_hub.models import Merchant
from community_hub.models.base import utcnow
from community_hub.models.catalog import MerchantHours


def is_open_now(db: Session, merchant: Merchant, now: datetime | None = None) -> bool:
    """Open if the manual switch is on and (no hours set, or now falls in a span in the shop's time zone)."""
    if not merchant.is_open:
        return False
    return open_in_spans(merchant, list(db.exec(select(MerchantHours).where(MerchantHours.merchant_id == merchant.id))),
                         now)


def open_in_spans(merchant: Merchant, spans: list[MerchantHours], now: datetime | None = None) -> bool:
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
