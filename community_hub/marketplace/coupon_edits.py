"""A shop changes a coupon's terms (amount, minimum spend, dates, limits) until a customer first
uses it. After that the terms stay as customers got them: an order already shows that discount,
and a customer who read "10 % off until Sunday" should not find different terms at checkout. The
shop can still switch it off and make a new one. Its code never changes (customers may have it).

Checkout takes a coupon under a row lock (`checkout.check_coupon(lock=True)`) and counts the use in
the same transaction; the edit locks the same row, so an edit and a first use never cross."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, func, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_merchant_of
from community_hub.core.rows import get_or_not_found
from community_hub.models.base import utcnow
from community_hub.models.orders import Coupon, CouponKind, CouponRedemption


def times_used(db: Session, coupon: Coupon) -> int:
    redeemed = db.exec(select(func.count()).select_from(CouponRedemption)
                       .where(CouponRedemption.coupon_id == coupon.id)).one()
    return max(int(redeemed or 0), coupon.used_count)


def why_locked(used: int) -> str:
    """Why the coupon cannot be changed, for the form; "" when it can."""
    if used <= 0:
        return ""
    if used == 1:
        return phrase("Customers have used this coupon once, so its terms stay as they got them. To offer different "
                      "terms, switch it off and create a new coupon.")
    return phrase("Customers have used this coupon {count} times, so its terms stay as they got them. To offer "
                  "different terms, switch it off and create a new coupon.", count=used)


def check_coupon_terms(kind: str, value: int, min_spend_minor: int, starts_at: datetime | None,
                       ends_at: datetime | None, per_user_limit: int, total_limit: int | None,
                       now: datetime | None = None) -> None:
    """The rules a coupon's terms follow when it is made or changed (readable refusals)."""
    if kind not in (CouponKind.AMOUNT, CouponKind.PERCENT):
        raise ServiceError(phrase("A coupon takes an amount or a percentage off."))
    if value <= 0 or (kind == CouponKind.PERCENT and value > 100):
        raise ServiceError(phrase("A percentage coupon is 1 to 100 percent; an amount coupon is above zero."))
    if min_spend_minor < 0 or per_user_limit < 1 or (total_limit is not None and total_limit < 1):
        raise ServiceError(phrase("Minimum spend cannot be negative and limits are at least 1."))
    if per_user_limit > 1000 or (total_limit is not None and total_limit > 1_000_000):
        raise ServiceError(phrase("A limit that high is no limit: leave the total empty for no limit."))
    if starts_at and ends_at and ends_at <= starts_at:
        raise ServiceError(phrase("The coupon must end after it starts."))
    if ends_at and ends_at <= (now or utcnow()):
        raise ServiceError(phrase("The end date is in the past: the coupon could never be used. Choose a later day."))


def update_coupon(db: Session, actor: Actor, coupon_id: int, *, kind: str, value: int, min_spend_minor: int = 0,
                  starts_at: datetime | None = None, ends_at: datetime | None = None, per_user_limit: int = 1,
                  total_limit: int | None = None) -> Coupon:
    """The shop's own coupon gets new terms, if no customer has used it yet."""
    c = get_or_not_found(db, Coupon, coupon_id, phrase("coupon"), lock=True)
    require_merchant_of(actor, c.merchant_id)
    reason = why_locked(times_used(db, c))
    if reason:
        raise ServiceError(phrase("Coupon {code} cannot be changed. {reason}", code=c.code, reason=reason), code="coupon_used")
    check_coupon_terms(kind, value, min_spend_minor, starts_at, ends_at, per_user_limit, total_limit)
    c.kind, c.value, c.min_spend_minor = kind, value, min_spend_minor
    c.starts_at, c.ends_at = starts_at, ends_at
    c.per_user_limit, c.total_limit = per_user_limit, total_limit
    db.add(c)
    return c
