"""Platform customer-service cover (issue 18): a shop applies, a review admin approves (or
rejects with a reason), the shop pays the month by card through the payment path ("cover:<id>",
platform revenue at once); while the cover is paid up, residents' questions to the shop go to
the platform's service queue (marketplace/shop_questions.py). Each payment adds a month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_merchant_of,
)
from community_hub.models import AuditEntry, Merchant
from community_hub.models.base import utcnow
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.models.service_cover import CoverStatus, ServiceCover
from community_hub.notify import outbox
from community_hub.payments import intents

MONTHLY_FEE_MINOR = 3000  # 30.00 a month in the shop's currency
MONTH = timedelta(days=30)
NOTE_MAX = 300


@dataclass(frozen=True)
class CoverView:
    id: int
    merchant_id: int
    shop: str
    status: str
    monthly_fee_minor: int
    currency: str
    note: str
    reason: str
    applied_at: datetime
    paid_until: datetime | None
    covered: bool  # questions go to the platform now


def is_covered(cover: ServiceCover | None, now: datetime | None = None) -> bool:
    return (cover is not None and cover.status == CoverStatus.ACTIVE and cover.paid_until is not None
            and cover.paid_until > (now or utcnow()))


def covered_now(db: Session, merchant_id: int, now: datetime | None = None) -> bool:
    """Whether the platform answers this shop's customers now."""
    return is_covered(db.exec(select(ServiceCover).where(ServiceCover.merchant_id == merchant_id)).first(), now)


def _view(db: Session, c: ServiceCover) -> CoverView:
    shop = db.get(Merchant, c.merchant_id)
    return CoverView(c.id, c.merchant_id, shop.name if shop else "", c.status, c.monthly_fee_minor, c.currency,
                     c.note, c.reason, c.applied_at, c.paid_until, is_covered(c))


def my_cover(db: Session, actor: Actor, merchant_id: int) -> CoverView | None:
    require_merchant_of(actor, merchant_id)
    row = db.exec(select(ServiceCover).where(ServiceCover.merchant_id == merchant_id)).first()
    return _view(db, row) if row else None


def apply_for_cover(db: Session, actor: Actor, merchant_id: int, note: str = "") -> CoverView:
    """The shop asks for cover; a rejected shop may ask again."""
    require_merchant_of(actor, merchant_id)
    shop = db.get(Merchant, merchant_id)
    if shop is None:
        raise NotFound(phrase("shop"))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ServiceError(phrase("A note is at most {most} characters.", most=NOTE_MAX))
    row = db.exec(select(ServiceCover).where(ServiceCover.merchant_id == merchant_id).with_for_update()).first()
    if row is not None and row.status != CoverStatus.REJECTED:
        raise ServiceError(phrase("This shop has already asked for customer-service cover."))
    if row is None:
        row = ServiceCover(merchant_id=merchant_id, monthly_fee_minor=MONTHLY_FEE_MINOR, currency=shop.currency)
    row.status, row.note, row.reason, row.applied_at = CoverStatus.APPLIED, note, "", utcnow()
    row.requested_by = actor.user_id
    db.add(row)
    db.flush()
    db.add(AuditEntry(actor_user_id=actor.user_id, action="service_cover.apply", subject=f"merchant:{merchant_id}",
                      detail=note[:200]))
    return _view(db, row)


def cover_applications(db: Session, actor: Actor) -> list[CoverView]:
    """Every shop's cover, those waiting for a decision first (oldest first), then the rest by shop."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    rows = [_view(db, c) for c in db.exec(select(ServiceCover)).all()]
    return sorted(rows, key=lambda v: (v.status != CoverStatus.APPLIED, v.applied_at if v.status == CoverStatus.APPLIED
                                       else datetime.max.replace(tzinfo=v.applied_at.tzinfo), v.shop.lower()))


def decide_cover(db: Session, actor: Actor, cover_id: int, approve: bool, reason: str = "") -> CoverView:
    """Approve (the shop then pays the first month) or reject with a reason the shop reads."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    row = db.get(ServiceCover, cover_id, with_for_update=True)
    if row is None:
        raise NotFound(phrase("cover application"))
    if row.status != CoverStatus.APPLIED:
        raise ServiceError(phrase("This application was already decided; reload the page."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ServiceError(phrase("Say why, for the shop to read."))
    if len(reason) > NOTE_MAX:
        raise ServiceError(phrase("A reason is at most {most} characters.", most=NOTE_MAX))
    row.status = CoverStatus.APPROVED if approve else CoverStatus.REJECTED
    row.reason, row.decided_at, row.decided_by = reason, utcnow(), actor.user_id
    db.add(row)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="service_cover." + ("approve" if approve else "reject"),
                      subject=f"merchant:{row.merchant_id}", detail=reason[:200]))
    return _view(db, row)


def purpose_of(cover_id: int, month: int) -> str:
    return f"cover:{cover_id}-{month}"


def pay_month(db: Session, actor: Actor, merchant_id: int, card_number: str) -> CoverView:
    """The shop pays a month by card: the first after approval, or the next one early. A declined
    card is a clear message and changes nothing (the same attempt: never charged twice)."""
    require_merchant_of(actor, merchant_id)
    row = db.exec(select(ServiceCover).where(ServiceCover.merchant_id == merchant_id)).first()
    if row is None or row.status not in (CoverStatus.APPROVED, CoverStatus.ACTIVE):
        raise ServiceError(phrase("Customer-service cover is paid once the platform approved it."))
    card = "".join(ch for ch in str(card_number or "") if ch.isdigit())[:19]
    payment = intents.start_payment(db, actor, purpose=purpose_of(row.id, row.months_paid + 1),
                                    amount_minor=row.monthly_fee_minor, currency=row.currency, payee="platform",
                                    description=f"Customer-service cover, month {row.months_paid + 1}")
    payment = intents.confirm_payment(db, actor, payment.id, card)
    if payment.status != PaymentStatus.SUCCEEDED:
        raise ServiceError(phrase("The payment has not gone through yet; nothing was charged twice. Try again in a moment."))
    cover_paid(db, payment)  # the provider's event normally did this already; harmless if so
    return _view(db, db.get(ServiceCover, row.id))


def cover_paid(db: Session, payment: Payment) -> None:
    """Hook: a month of cover was paid; it starts now (or extends what is left). Once per month."""
    if not payment.purpose.startswith("cover:"):
        return
    cover_id, _, month = payment.purpose.split(":", 1)[1].partition("-")
    row = db.get(ServiceCover, int(cover_id), with_for_update=True) if cover_id.isdigit() else None
    if row is None or not month.isdigit() or int(month) <= row.months_paid:
        return  # already counted (a replayed event, or the page counted it first)
    now = utcnow()
    start = row.paid_until if row.paid_until and row.paid_until > now else now
    row.paid_until, row.months_paid, row.status = start + MONTH, int(month), CoverStatus.ACTIVE
    db.add(row)
    for uid in _merchant_users(db, row.merchant_id):
        outbox.notify_user(db, uid, "service_cover_active", link="/merchant/service", shop=_shop_name(db, row))


def _shop_name(db: Session, row: ServiceCover) -> str:
    shop = db.get(Merchant, row.merchant_id)
    return shop.name if shop else ""


def _merchant_users(db: Session, merchant_id: int) -> list[int]:
    from community_hub.models import Role, UserRole

    return list(db.exec(select(UserRole.user_id).where(UserRole.role == Role.MERCHANT,
                                                       UserRole.merchant_id == merchant_id)).all())

