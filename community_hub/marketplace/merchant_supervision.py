"""The platform's supervision of shops (issue 18): suspend and reinstate with a reason (audited; a
suspended shop is out of every resident's sight — circle, search, map, public site — because all
of them list only approved shops, its open orders go on, and the cart and checkout refuse new
orders with a message), warnings the merchant must acknowledge, the "trusted" switch that lets a
shop's products skip review (catalog/product_review), and the per-shop view admins decide from."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_merchant_of,
)
from community_hub.core.rows import get_or_not_found
from community_hub.marketplace.catalog.product_review import shop_people
from community_hub.models import AuditEntry, Merchant, MerchantStatus
from community_hub.models.base import utcnow
from community_hub.models.orders import Order, OrderState
from community_hub.models.product_review import ChangeState, MerchantWarning, ProductChange
from community_hub.models.reviews import Review
from community_hub.notify.outbox import notify_user

REASON_MAX = 500
NOTE_MAX = 1000
OPEN_ORDER_STATES = (OrderState.PAID, OrderState.ACCEPTED, OrderState.PREPARING, OrderState.OUT_FOR_DELIVERY,
                     OrderState.READY_FOR_PICKUP, OrderState.DELIVERED)
DONE_ORDER_STATES = (OrderState.SIGNED, OrderState.SETTLED)
# Orders that reached a paying customer (a refund rate counts against these).
PAID_ORDER_STATES = (*OPEN_ORDER_STATES, *DONE_ORDER_STATES, OrderState.REFUNDED, OrderState.DISPUTED)
COMPLAINT_RATING = 2  # a review of 1 or 2 stars is read as a complaint about the shop


def _text(value: str, most: int, empty: str) -> str:
    value = str(value or "").strip()
    if not value:
        raise ServiceError(phrase(empty))
    if len(value) > most:
        raise ServiceError(phrase("The text is {length} characters long; keep it to {most}.", length=len(value),
                                  most=most))
    return value


def _shop(db: Session, merchant_id: int) -> Merchant:
    return get_or_not_found(db, Merchant, merchant_id, phrase("shop"), lock=True)


def _audit(db: Session, actor: Actor, action: str, m: Merchant, detail: str = "") -> None:
    db.add(AuditEntry(actor_user_id=actor.user_id, action=action, subject=f"merchant:{m.id}", detail=detail))


def suspend(db: Session, actor: Actor, merchant_id: int, reason: str) -> Merchant:
    """Take a trading shop out of residents' sight; its open orders can still be completed."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    reason = _text(reason, REASON_MAX, N_("Say why the shop is suspended; the merchant reads it."))
    m = _shop(db, merchant_id)
    if m.status != MerchantStatus.APPROVED:
        raise ServiceError(phrase("Only a trading shop can be suspended; {shop} is not trading.", shop=m.name))
    m.status, m.suspended_reason = MerchantStatus.SUSPENDED, reason
    db.add(m)
    _audit(db, actor, "merchant.suspended", m, reason)
    for uid in shop_people(db, m.id):
        notify_user(db, uid, "merchant_suspended", link="/merchant", shop=m.name, reason=reason)
    return m


def reinstate(db: Session, actor: Actor, merchant_id: int, reason: str) -> Merchant:
    """Let a suspended shop trade again."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    reason = _text(reason, REASON_MAX, N_("Say why the shop is reinstated (kept in the audit log)."))
    m = _shop(db, merchant_id)
    if m.status != MerchantStatus.SUSPENDED:
        raise ServiceError(phrase("{shop} is not suspended.", shop=m.name))
    m.status, m.suspended_reason = MerchantStatus.APPROVED, ""
    db.add(m)
    _audit(db, actor, "merchant.reinstated", m, reason)
    for uid in shop_people(db, m.id):
        notify_user(db, uid, "merchant_reinstated", link="/merchant", shop=m.name)
    return m


def set_trusted(db: Session, actor: Actor, merchant_id: int, trusted: bool) -> Merchant:
    """Trusted: the shop's new products and edits go live without review (what waits stays waiting)."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    if not isinstance(trusted, bool):
        raise ServiceError(phrase("Choose trusted or not."))
    m = _shop(db, merchant_id)
    if m.trusted != trusted:
        m.trusted = trusted
        db.add(m)
        _audit(db, actor, "merchant.trusted" if trusted else "merchant.untrusted", m)
    return m


def warn(db: Session, actor: Actor, merchant_id: int, note: str) -> MerchantWarning:
    """A note the merchant sees on their dashboard until they acknowledge it."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    note = _text(note, NOTE_MAX, N_("Write the warning the merchant should read."))
    m = _shop(db, merchant_id)
    w = MerchantWarning(merchant_id=m.id, note=note, given_by=actor.user_id)
    db.add(w)
    db.flush()
    _audit(db, actor, "merchant.warned", m, note)
    for uid in shop_people(db, m.id):
        notify_user(db, uid, "merchant_warning", link="/merchant", shop=m.name)
    return w


def open_warnings(db: Session, actor: Actor, merchant_id: int) -> list[MerchantWarning]:
    """The shop's warnings not yet acknowledged, oldest first (the merchant's dashboard)."""
    require_merchant_of(actor, merchant_id)
    return list(db.exec(select(MerchantWarning).where(MerchantWarning.merchant_id == merchant_id,
                                                      MerchantWarning.acknowledged_at.is_(None))
                        .order_by(MerchantWarning.given_at, MerchantWarning.id)))


def acknowledge(db: Session, actor: Actor, warning_id: int) -> MerchantWarning:
    """The merchant says they have read a warning (kept, with who and when)."""
    w = get_or_not_found(db, MerchantWarning, warning_id, phrase("warning"), lock=True)
    require_merchant_of(actor, w.merchant_id)
    if w.acknowledged_at is None:
        w.acknowledged_at, w.acknowledged_by = utcnow(), actor.user_id
        db.add(w)
    return w


@dataclass(frozen=True)
class ShopRow:
    merchant: Merchant
    open_warnings: int
    waiting_reviews: int


def supervised_shops(db: Session, actor: Actor, *, query: str = "", suspended_only: bool = False,
                     page: int = 1, page_size: int = 20) -> tuple[list[ShopRow], int]:
    """Trading and suspended shops by name, one page, and the total."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    conds = [Merchant.status.in_([MerchantStatus.APPROVED, MerchantStatus.SUSPENDED])]
    if suspended_only:
        conds = [Merchant.status == MerchantStatus.SUSPENDED]
    text = str(query or "").strip().lower()[:120]
    if text:
        conds.append(or_(func.lower(Merchant.name).like(f"%{text}%"), func.lower(Merchant.slug).like(f"%{text}%")))
    total = int(db.exec(select(func.count()).select_from(Merchant).where(*conds)).one())
    page, page_size = max(int(page), 1), max(1, min(int(page_size), 100))
    shops = list(db.exec(select(Merchant).where(*conds).order_by(func.lower(Merchant.name), Merchant.id)
                         .offset((page - 1) * page_size).limit(page_size)))
    ids = [m.id for m in shops]
    warned = dict(db.exec(select(MerchantWarning.merchant_id, func.count()).where(
        MerchantWarning.merchant_id.in_(ids), MerchantWarning.acknowledged_at.is_(None))
        .group_by(MerchantWarning.merchant_id)).all()) if ids else {}
    waiting = dict(db.exec(select(ProductChange.merchant_id, func.count()).where(
        ProductChange.merchant_id.in_(ids), ProductChange.state == ChangeState.PENDING)
        .group_by(ProductChange.merchant_id)).all()) if ids else {}
    return [ShopRow(m, int(warned.get(m.id, 0)), int(waiting.get(m.id, 0))) for m in shops], total


@dataclass(frozen=True)
class ShopOverview:
    merchant: Merchant
    orders_total: int
    orders_open: int
    orders_done: int
    disputes: int
    refunded: int
    refund_rate_pct: int  # refunded orders among paid ones, rounded
    rating_avg: float
    rating_count: int
    complaints: int  # reviews of 1-2 stars
    latest_orders: list[Order]
    latest_reviews: list[Review]
    warnings: list[MerchantWarning]  # newest first, acknowledged ones too
    waiting_reviews: int
    last_audit: list[AuditEntry]


def shop_overview(db: Session, actor: Actor, merchant_id: int) -> ShopOverview:
    """One shop as an admin judges it: orders, disputes, refunds rate, reviews, complaints, warnings."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    m = get_or_not_found(db, Merchant, merchant_id, phrase("shop"))
    by_state = dict(db.exec(select(Order.state, func.count()).where(Order.merchant_id == m.id)
                            .group_by(Order.state)).all())

    def n(states) -> int:
        return sum(int(by_state.get(s, 0)) for s in states)

    paid = n(PAID_ORDER_STATES)
    refunded = int(db.exec(select(func.count()).select_from(Order).where(
        Order.merchant_id == m.id, Order.state.in_(PAID_ORDER_STATES),
        or_(Order.state == OrderState.REFUNDED, Order.refund_ref != ""))).one())
    visible = [Review.merchant_id == m.id, Review.hidden.is_(False)]
    complaints = int(db.exec(select(func.count()).select_from(Review).where(
        *visible, Review.rating <= COMPLAINT_RATING)).one())
    return ShopOverview(
        merchant=m, orders_total=sum(int(v) for v in by_state.values()), orders_open=n(OPEN_ORDER_STATES),
        orders_done=n(DONE_ORDER_STATES), disputes=n((OrderState.DISPUTED,)), refunded=refunded,
        refund_rate_pct=round(100 * refunded / paid) if paid else 0,
        rating_avg=m.rating_avg, rating_count=m.rating_count, complaints=complaints,
        latest_orders=list(db.exec(select(Order).where(Order.merchant_id == m.id)
                                   .order_by(Order.created_at.desc(), Order.id.desc()).limit(10))),
        latest_reviews=list(db.exec(select(Review).where(*visible).order_by(Review.created_at.desc(),
                                                                             Review.id.desc()).limit(5))),
        warnings=list(db.exec(select(MerchantWarning).where(MerchantWarning.merchant_id == m.id)
                              .order_by(MerchantWarning.given_at.desc(), MerchantWarning.id.desc()).limit(20))),
        waiting_reviews=int(db.exec(select(func.count()).select_from(ProductChange).where(
            ProductChange.merchant_id == m.id, ProductChange.state == ChangeState.PENDING)).one()),
        last_audit=list(db.exec(select(AuditEntry).where(AuditEntry.subject == f"merchant:{m.id}")
                                .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(10))),
    )


def overview_version(db: Session, actor: Actor, merchant_id: int) -> str:
    """Cheap to poll while an admin has a shop open: its status, warnings and latest order."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    m = db.get(Merchant, merchant_id)
    if m is None:
        return ""
    last_order = db.exec(select(func.max(Order.updated_at)).where(Order.merchant_id == m.id)).one()
    acks = db.exec(select(func.count(), func.max(MerchantWarning.acknowledged_at)).where(
        MerchantWarning.merchant_id == m.id)).one()
    return f"{m.status}|{m.trusted}|{last_order}|{acks[0]}|{acks[1]}"


def overview_keys(db: Session, actor: Actor, merchant_id: int) -> tuple[list, None]:
    """What `overview_version` reads: the shop's row, its orders and its warnings."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    return [change_rings.key_of(Merchant, "id", merchant_id), change_rings.key_of(Order, "merchant_id", merchant_id),
            change_rings.key_of(MerchantWarning, "merchant_id", merchant_id)], None
