"""A sale's money: the reserved buyer pays into escrow ("share:item-<id>"); the seller is paid
(less the sharing fee) when the buyer confirms receipt, or 72 hours after paying if the buyer
neither confirmed nor reported a problem (`release_unconfirmed`, housekeeping); withdrawing a
paid item sends the money back."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.job_claims import claim
from community_hub.core.permissions import Actor, require_resident
from community_hub.models.base import utcnow
from community_hub.models.payments import Payment
from community_hub.models.sharing import ItemKind, ItemStatus, SharedItem
from community_hub.payments import intents, ledger, ledger_postings
from community_hub.payments.common import PAID_STATUSES
from community_hub.sharing import settings
from community_hub.sharing.escrow_refund import refund_rest
from community_hub.sharing.relations import blocked_either_way

RELEASE_HOURS = 72
LIFE_DAYS = 30
BATCH = 50
_PURPOSE = re.compile(r"^share:item-(\d+)$")


def item_purpose(item_id: int) -> str:
    return f"share:item-{item_id}"


def _item_id(payment: Payment) -> int | None:
    m = _PURPOSE.match(payment.purpose)
    return int(m.group(1)) if m else None


def item_paid(db: Session, payment: Payment) -> None:
    """Hook: the buyer's money arrived. Safe to call twice; an item no longer reserved refuses it
    (the money waits in suspense for an admin, never lost)."""
    item_id = _item_id(payment)
    if item_id is None:
        return
    item = db.get(SharedItem, item_id, with_for_update=True, populate_existing=True)
    if item is not None and item.paid_at is not None:
        return
    if item is None or item.status != ItemStatus.RESERVED or item.reserved_for_id != payment.payer_user_id:
        raise ServiceError(phrase("This item is no longer reserved for you."))
    item.paid_at = utcnow()
    db.add(item)
    db.flush()


def may_refund_item(db: Session, actor: Actor, payment: Payment) -> bool:
    item_id = _item_id(payment)
    item = db.get(SharedItem, item_id) if item_id else None
    return item is not None and item.status == ItemStatus.CANCELLED and actor.user_id == item.owner_id


def _bought(db: Session, actor: Actor, item_id: int) -> SharedItem:
    require_resident(actor)
    item = db.get(SharedItem, item_id, with_for_update=True, populate_existing=True)
    if item is None or item.kind != ItemKind.SELL or item.reserved_for_id != actor.user_id:
        raise ServiceError(phrase("This item is not available."), code="not_available")
    return item


def pay_item(db: Session, actor: Actor, item_id: int, card: str) -> SharedItem:
    """The buyer the item is reserved for pays its price; the money waits in escrow."""
    item = _bought(db, actor, item_id)
    if item.paid_at is not None:
        raise ServiceError(phrase("You have paid for this item already."), code="already_paid")
    if item.status != ItemStatus.RESERVED:
        raise ServiceError(phrase("This item is no longer reserved for you."))
    if blocked_either_way(db, actor.user_id, item.owner_id):
        raise ServiceError(phrase("This item is not available."), code="not_available")
    purpose = item_purpose(item.id)
    payment = intents.start_payment(db, actor, purpose=purpose, amount_minor=item.price_minor, currency=item.currency,
                                    payee=f"resident:{item.owner_id}", description=f"Item {item.id}")
    payment = intents.confirm_payment(db, actor, payment.id, (card or "").replace(" ", ""))
    if payment.status not in PAID_STATUSES:
        raise ServiceError(phrase("The payment has not gone through yet; nothing was charged twice. Try again in a moment."),
                           keep=True)
    if ledger.held_in_escrow(db, purpose, item.currency) == 0 and payment.held_reason:
        raise ServiceError(phrase("The payment arrived but could not be applied; the platform will sort it out."),
                           keep=True)
    item_paid(db, payment)  # the demo provider's event normally did this already
    db.refresh(item)
    return item


def _pay_seller(db: Session, item: SharedItem, now: datetime) -> None:
    purpose = item_purpose(item.id)
    held = ledger.held_in_escrow(db, purpose, item.currency)
    if held > 0:
        ledger_postings.sharing_settled(db, reference=purpose, owner_user_id=item.owner_id,
                                        fee_minor=settings.fee_of(db, held), currency=item.currency)
    item.status, item.completed_at = ItemStatus.COMPLETED, now
    db.add(item)
    db.flush()


def confirm_receipt(db: Session, actor: Actor, item_id: int, now: datetime | None = None) -> SharedItem:
    """The buyer has the item: the seller is paid."""
    item = _bought(db, actor, item_id)
    if item.status != ItemStatus.RESERVED or item.paid_at is None:
        raise ServiceError(phrase("Only a paid item waiting for pickup can be confirmed."))
    _pay_seller(db, item, now or utcnow())
    return item


def report_problem(db: Session, actor: Actor, item_id: int, now: datetime | None = None) -> SharedItem:
    """The buyer reports a problem: the money stays held (no release after 72 hours) until an
    admin settles it."""
    item = _bought(db, actor, item_id)
    if item.status != ItemStatus.RESERVED or item.paid_at is None:
        raise ServiceError(phrase("Only a paid item waiting for pickup can be confirmed."))
    item.problem_reported_at = item.problem_reported_at or now or utcnow()
    db.add(item)
    db.flush()
    return item


def give_money_back(db: Session, actor: Actor, item: SharedItem) -> str:
    """Refund what the buyer paid (the item is cancelled, on record). Returns the provider's
    problem, or ""."""
    return refund_rest(db, actor, item_purpose(item.id), reason="item withdrawn")


def release_unconfirmed(db: Session, now: datetime | None = None) -> list[int]:
    """Housekeeping: a sale paid 72 hours ago, neither confirmed nor disputed, pays the seller."""
    now = now or utcnow()
    due = now - timedelta(hours=RELEASE_HOURS)
    rows = claim(db, select(SharedItem).where(
        SharedItem.status == ItemStatus.RESERVED, SharedItem.paid_at.is_not(None), SharedItem.paid_at <= due,
        SharedItem.problem_reported_at.is_(None)).order_by(SharedItem.id).limit(BATCH))
    done = []
    for item in rows:
        if item.status == ItemStatus.RESERVED and item.paid_at and item.paid_at <= due and not item.problem_reported_at:
            _pay_seller(db, item, now)
            done.append(item.id)
    return done


def expire_items(db: Session, now: datetime | None = None) -> list[int]:
    """Housekeeping: a post not renewed for 30 days expires (a paid one waits for its deal)."""
    now = now or utcnow()
    due = now - timedelta(days=LIFE_DAYS)
    rows = claim(db, select(SharedItem).where(
        SharedItem.status.in_([ItemStatus.AVAILABLE, ItemStatus.RESERVED]), SharedItem.paid_at.is_(None),
        SharedItem.renewed_at <= due).order_by(SharedItem.id).limit(BATCH))
    done = []
    for item in rows:
        if item.status in (ItemStatus.AVAILABLE, ItemStatus.RESERVED) and item.paid_at is None:
            item.status = ItemStatus.EXPIRED
            db.add(item)
            done.append(item.id)
    db.flush()
    return done
