"""The steps of a parking booking as people take them, each its own transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from community_hub.models.base import utcnow
from community_hub.sharing import parking_bookings, parking_money

CARD = "4242424242424242"  # the demo provider approves it
DECLINED = "4000000000000002"


def tomorrow_at(hour: int) -> datetime:
    """A whole hour tomorrow (UTC: the test communities' zone)."""
    day = (utcnow() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    return day.replace(hour=hour)


def book(tx, renter, slot_id: int, start: datetime, hours: int = 2) -> int:
    with tx() as db:
        return parking_bookings.book(db, renter, slot_id, start, start + timedelta(hours=hours)).id


def book_and_pay(tx, renter, slot_id: int, start: datetime, hours: int = 2) -> int:
    bid = book(tx, renter, slot_id, start, hours)
    with tx() as db:
        parking_money.pay_deposit(db, renter, bid, CARD)
    return bid
