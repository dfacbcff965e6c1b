"""Platform coupons: made by admins (the CONTENT back-office role), funded by the platform.

A resident collects one into "My coupons" (from the home page or a shop page); each collection is
one use at checkout. Who may collect: everyone, the residents of one community, or the holders of
one card level. The total limit counts collections (taken under the coupon's row lock, so the last
one goes to exactly one resident) and so does the per-member limit. Dates hold at collection and
again at checkout. How it combines with a shop's coupon is checkout's business
(`coupon_choice.py`: one shop coupon and one platform coupon per order)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, func, select, update

from community_hub.core import change_rings, prebuilt
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_resident,
)
from community_hub.core.rows import get_or_not_found
from community_hub.marketplace.coupon_edits import check_coupon_terms
from community_hub.membership.cardholders import active_holdings
from community_hub.models import Community
from community_hub.models.base import utcnow
from community_hub.models.membership import CardLevel
from community_hub.models.orders import CouponKind, Order, OrderState
from community_hub.models.payments import Payment
from community_hub.models.promotions import CollectedCoupon, CouponAudience, PlatformCoupon

MAX_NAME = 80


def _check_audience(db: Session, audience: str, community_id: int | None, level_id: int | None) -> tuple[int | None, int | None]:
    if audience == CouponAudience.ALL:
        return None, None
    if audience == CouponAudience.COMMUNITY:
        if not community_id or db.get(Community, community_id) is None:
            raise ServiceError(phrase("Choose the community whose residents may collect this coupon."))
        return community_id, None
    if audience == CouponAudience.LEVEL:
        if not level_id or db.get(CardLevel, level_id) is None:
            raise ServiceError(phrase("Choose the card level whose holders may collect this coupon."))
        return None, level_id
    raise ServiceError(phrase("Choose who may collect the coupon: everyone, a community or a card level."))


def create_platform_coupon(db: Session, actor: Actor, *, name: str, kind: str, value: int, currency: str = "USD",
                           min_spend_minor: int = 0, starts_at: datetime | None = None,
                           ends_at: datetime | None = None, total_limit: int | None = None,
                           per_member_limit: int = 1, audience: str = CouponAudience.ALL,
                           community_id: int | None = None, level_id: int | None = None,
                           now: datetime | None = None) -> PlatformCoupon:
    """An admin makes a platform-funded coupon; every term is checked before anything is saved."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    name = (name or "").strip()
    if not name:
        raise ServiceError(phrase("Give the coupon a name residents will recognise."))
    if len(name) > MAX_NAME:
        raise ServiceError(phrase("A coupon's name is at most {most} characters.", most=MAX_NAME))
    check_coupon_terms(kind, value, min_spend_minor, starts_at, ends_at, per_member_limit, total_limit, now=now)
    community_id, level_id = _check_audience(db, audience, community_id, level_id)
    c = PlatformCoupon(name=name, kind=kind, value=value, currency=(currency or "USD").upper()[:3],
                       min_spend_minor=min_spend_minor, starts_at=starts_at, ends_at=ends_at,
                       total_limit=total_limit, per_member_limit=per_member_limit, audience=audience,
                       community_id=community_id, level_id=level_id, created_by=actor.user_id)
    db.add(c)
    db.flush()
    return c


def switch_off(db: Session, actor: Actor, coupon_id: int) -> PlatformCoupon:
    """No more collections nor uses (coupons already collected stop working too)."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    c = get_or_not_found(db, PlatformCoupon, coupon_id, phrase("coupon"), lock=True)
    c.active = False
    db.add(c)
    return c


def list_platform_coupons(db: Session, actor: Actor) -> list[PlatformCoupon]:
    require_admin_permission(actor, AdminPermission.CONTENT)
    return list(db.exec(select(PlatformCoupon).order_by(PlatformCoupon.id.desc())))


# ---------------------------------------------------------------- what a coupon gives


def terms_text(c: PlatformCoupon) -> str:
    """"$5.00 off, from $20.00" / "10 % off" (the reader's language)."""
    off = (phrase("{amount} off", amount=format_money(c.value, c.currency)) if c.kind == CouponKind.AMOUNT
           else phrase("{pct} % off", pct=c.value))
    if c.min_spend_minor:
        return phrase("{off}, from {minimum}", off=off, minimum=format_money(c.min_spend_minor, c.currency))
    return off


def discount_on(c: PlatformCoupon, amount_minor: int) -> int:
    """What the coupon takes off `amount_minor` (never more than it)."""
    off = c.value if c.kind == CouponKind.AMOUNT else amount_minor * c.value // 100
    return max(0, min(off, amount_minor))


def _dates_refusal(c: PlatformCoupon, now: datetime) -> str:
    if not c.active:
        return phrase("The coupon {name} has been switched off.", name=c.name)
    if c.starts_at and now < c.starts_at:
        return phrase("The coupon {name} is not valid yet.", name=c.name)
    if c.ends_at and now >= c.ends_at:
        return phrase("The coupon {name} has expired.", name=c.name)
    return ""


def _may_collect(db: Session, actor: Actor, c: PlatformCoupon) -> bool:
    if c.audience == CouponAudience.COMMUNITY:
        return actor.community_id == c.community_id
    if c.audience == CouponAudience.LEVEL:
        return any(h.level_id == c.level_id for h in active_holdings(db, actor.user_id))
    return True


def _collected_by(db: Session, coupon_id: int, user_id: int) -> int:
    return int(db.exec(select(func.count()).select_from(CollectedCoupon)
                       .where(CollectedCoupon.coupon_id == coupon_id, CollectedCoupon.user_id == user_id)).one())


# ---------------------------------------------------------------- residents


def collect(db: Session, actor: Actor, coupon_id: int, now: datetime | None = None) -> CollectedCoupon:
    """Put the coupon into the resident's "My coupons", or say why not (dates, limits, audience)."""
    require_resident(actor)
    now = now or utcnow()
    c = get_or_not_found(db, PlatformCoupon, coupon_id, phrase("coupon"), lock=True, fresh=True)
    if not _may_collect(db, actor, c):
        raise ServiceError(phrase("The coupon {name} is not offered to you.", name=c.name), code="coupon")
    why = _dates_refusal(c, now)
    if why:
        raise ServiceError(why, code="coupon")
    if c.total_limit is not None and c.collected_count >= c.total_limit:
        raise ServiceError(phrase("The coupon {name} has all been collected.", name=c.name), code="coupon")
    if _collected_by(db, c.id, actor.user_id) >= c.per_member_limit:
        raise ServiceError(phrase("You have already collected the coupon {name}.", name=c.name) if c.per_member_limit == 1
                           else phrase("You have already collected the coupon {name} {times} times.", name=c.name,
                                       times=c.per_member_limit), code="coupon")
    c.collected_count += 1
    row = CollectedCoupon(coupon_id=c.id, user_id=actor.user_id, collected_at=now)
    db.add_all([c, row])
    db.flush()
    return row


@dataclass(frozen=True)
class OfferedCoupon:
    coupon_id: int
    name: str
    terms: str
    ends_at: datetime | None
    collected: int  # by this resident
    can_collect: bool


# The coupon strip of the home and shop pages, built once (core/prebuilt.py).
_RUNNING = select(PlatformCoupon).where(PlatformCoupon.active).order_by(PlatformCoupon.id.desc())
_COLLECTED = (select(CollectedCoupon.coupon_id, func.count()).where(CollectedCoupon.user_id == bindparam("user_id"))
              .group_by(CollectedCoupon.coupon_id))


def offered_to_me(db: Session, actor: Actor, now: datetime | None = None) -> list[OfferedCoupon]:
    """The platform coupons the resident may see now (running, for them), soonest ending first."""
    require_resident(actor)
    now = now or utcnow()
    rows = db.exec(_RUNNING).all()
    mine = dict(prebuilt.rows(db, _COLLECTED, user_id=actor.user_id))
    out = []
    for c in rows:
        if _dates_refusal(c, now) or not _may_collect(db, actor, c):
            continue
        had = int(mine.get(c.id, 0))
        left = c.total_limit is None or c.collected_count < c.total_limit
        out.append(OfferedCoupon(c.id, c.name, terms_text(c), c.ends_at, had, left and had < c.per_member_limit))
    out.sort(key=lambda o: (o.ends_at is None, o.ends_at or now, o.coupon_id))
    return out


@dataclass(frozen=True)
class MyCoupon:
    collected_id: int
    coupon_id: int
    name: str
    terms: str
    starts_at: datetime | None
    ends_at: datetime | None
    status: str  # usable | used | expired | not_yet | off
    order_id: int | None
    discount_minor: int
    currency: str


def my_coupons(db: Session, actor: Actor, now: datetime | None = None) -> list[MyCoupon]:
    """The resident's collected platform coupons: usable first (soonest ending first), then the rest."""
    require_resident(actor)
    now = now or utcnow()
    rows = db.exec(select(CollectedCoupon, PlatformCoupon).join(PlatformCoupon, PlatformCoupon.id == CollectedCoupon.coupon_id)
                   .where(CollectedCoupon.user_id == actor.user_id).order_by(CollectedCoupon.id.desc())).all()
    out = []
    for row, c in rows:
        if row.order_id is not None:
            status = "used"
        elif not c.active:
            status = "off"
        elif c.ends_at and now >= c.ends_at:
            status = "expired"
        elif c.starts_at and now < c.starts_at:
            status = "not_yet"
        else:
            status = "usable"
        out.append(MyCoupon(row.id, c.id, c.name, terms_text(c), c.starts_at, c.ends_at, status, row.order_id,
                            row.discount_minor, c.currency))
    order = {"usable": 0, "not_yet": 1, "used": 2, "expired": 3, "off": 4}
    out.sort(key=lambda m: (order[m.status], m.ends_at is None, m.ends_at or now))
    return out


def my_coupons_version(db: Session, actor: Actor) -> int:
    """Changes when the resident collects or uses one (the page's live watch)."""
    require_resident(actor)
    rows = db.exec(select(func.count(), func.coalesce(func.max(CollectedCoupon.id), 0),
                          func.count(CollectedCoupon.order_id)).where(CollectedCoupon.user_id == actor.user_id)).one()
    return int(rows[0]) * 1_000_003 + int(rows[1]) * 7 + int(rows[2])


def my_coupons_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's key for `my_coupons_version` (core/change_rings.py): any of the resident's
    collected coupons written (collected, used, given back); nothing scheduled."""
    require_resident(actor)
    return [change_rings.key_of(CollectedCoupon, "user_id", actor.user_id)], None


# ---------------------------------------------------------------- checkout


@dataclass(frozen=True)
class Usable:
    collected_id: int
    name: str
    discount_minor: int


def usable_at_checkout(db: Session, user_id: int, currency: str, amount_minor: int, now: datetime) -> list[Usable]:
    """The resident's collected coupons that apply to `amount_minor` now, biggest discount first
    (so the first one is the best; ties: the one ending soonest, then the oldest collected)."""
    rows = db.exec(select(CollectedCoupon, PlatformCoupon).join(PlatformCoupon, PlatformCoupon.id == CollectedCoupon.coupon_id)
                   .where(CollectedCoupon.user_id == user_id, CollectedCoupon.order_id.is_(None))).all()
    found = []
    for row, c in rows:
        if c.currency != currency or _dates_refusal(c, now) or amount_minor < c.min_spend_minor:
            continue
        off = discount_on(c, amount_minor)
        if off > 0:
            found.append((-off, c.ends_at is None, c.ends_at or now, row.id, Usable(row.id, c.name, off)))
    return [u for *_k, u in sorted(found, key=lambda x: x[:4])]


def check_at_checkout(db: Session, user_id: int, collected_id: int, currency: str, amount_minor: int,
                      now: datetime, lock: bool = False) -> tuple[CollectedCoupon, PlatformCoupon, int]:
    """The chosen collected coupon and its discount on `amount_minor`, or a refusal saying why not."""
    row = db.get(CollectedCoupon, collected_id, with_for_update=lock, populate_existing=lock)
    if row is None or row.user_id != user_id:
        raise ServiceError(phrase("That coupon is not in your coupons."), code="platform_coupon")
    c = db.get(PlatformCoupon, row.coupon_id)
    if row.order_id is not None:
        raise ServiceError(phrase("You have already used the coupon {name}.", name=c.name), code="platform_coupon")
    why = _dates_refusal(c, now)
    if why:
        raise ServiceError(why, code="platform_coupon")
    if c.currency != currency:
        raise ServiceError(phrase("The coupon {name} is not valid at this shop.", name=c.name), code="platform_coupon")
    if amount_minor < c.min_spend_minor:
        raise ServiceError(phrase("The coupon {name} needs a minimum spend of {amount}.", name=c.name,
                                  amount=format_money(c.min_spend_minor, c.currency)), code="platform_coupon")
    return row, c, discount_on(c, amount_minor)


def mark_used(db: Session, row: CollectedCoupon, coupon: PlatformCoupon, order_id: int, merchant_id: int,
              discount_minor: int, now: datetime) -> None:
    """The order took the coupon (checkout's transaction, the row locked by check_at_checkout)."""
    row.order_id, row.merchant_id, row.discount_minor, row.used_at = order_id, merchant_id, discount_minor, now
    db.add(row)
    # A guarded increment: collections lock the coupon's row, uses only add to its counter.
    db.exec(update(PlatformCoupon).where(PlatformCoupon.id == coupon.id).values(used_count=PlatformCoupon.used_count + 1))


def give_back(db: Session, order_id: int) -> bool:
    """The order that used a collected coupon is cancelled (or refunded in full): the coupon goes
    back into the member's "My coupons", usable again while within its dates, and the coupon's use
    count goes back. In the caller's transaction; False when the order used none."""
    row = db.exec(select(CollectedCoupon).where(CollectedCoupon.order_id == order_id)
                  .with_for_update()).first()
    if row is None:
        return False
    coupon_id = row.coupon_id
    row.order_id, row.merchant_id, row.discount_minor, row.used_at = None, None, 0, None
    db.add(row)
    db.exec(update(PlatformCoupon).where(PlatformCoupon.id == coupon_id, PlatformCoupon.used_count > 0)
            .values(used_count=PlatformCoupon.used_count - 1))
    db.flush()
    return True


def on_order_transition(db: Session, order: Order, from_state: str, to_state: str) -> None:
    """An order hook (payment_hooks.py): a cancelled or rejected order never happened, so its
    coupon goes back, in the transition's transaction (a paid one's platform share is funded only
    at signing, so there is nothing to take back)."""
    if to_state in (OrderState.CANCELLED, OrderState.REJECTED):
        give_back(db, order.id)


def on_order_refunded(db: Session, payment: Payment) -> None:
    """A refund hook (payment_hooks.py, after coupon_money's, which still needs the coupon to take
    the platform's share back): an order refunded in full gives its coupon back; a partial refund
    keeps it used."""
    if not payment.purpose.startswith("order:") or payment.refunded_minor < payment.captured_minor:
        return
    order = db.get(Order, int(payment.purpose.split(":", 1)[1]))
    if order is not None:  # whatever its state (a signed order refunded in full stays signed)
        give_back(db, order.id)
