"""Where orders meet payments: paying a placed order through the provider, and the hooks that
move the order when the provider's answer arrives (never on what the browser says).

Its hook functions are wired by `community_hub.payment_hooks.register_payment_hooks()`:
- a payment for "order:{id}" succeeds  -> orders.mark_paid (same transaction as the ledger posting)
- a refund of it succeeds and the order had ended (cancelled, rejected, disputed) -> orders.mark_refunded
A partial refund of a delivered order leaves its state alone; the order page lists the refund.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, func
from sqlmodel import Session, select

from community_hub.core import change_rings, prebuilt
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.job_claims import claim
from community_hub.core.permissions import Actor, require_resident, require_user
from community_hub.marketplace import orders
from community_hub.marketplace.made_to_order import money as made_to_order_money
from community_hub.models import Merchant
from community_hub.models.base import utcnow
from community_hub.models.orders import Order, OrderEvent, OrderState
from community_hub.models.payments import Payment, PaymentStatus, Refund, RefundStatus
from community_hub.payments import common, hosted_checkout, intents

log = logging.getLogger("community_hub.order_payments")

_ENDED = (OrderState.CANCELLED, OrderState.REJECTED, OrderState.DISPUTED)


def purpose_of(order_id: int) -> str:
    return f"order:{order_id}"


def _order_id(payment: Payment) -> int | None:
    # A made-to-order deposit ("deposit:order-5") pays the same order.
    return common.purpose_id(payment, "order") or made_to_order_money.order_id_of_deposit(payment)


# ---------------------------------------------------------------- hooks


def order_paid(db: Session, payment: Payment) -> None:
    order_id = _order_id(payment)
    if order_id is None:
        return
    order = db.get(Order, order_id)
    if order is None:
        log.warning("payment %s names order %s, which does not exist", payment.id, order_id)
        return
    if order.state != OrderState.PLACED and order.payment_ref != (payment.provider_id or ""):
        # Paid after it was cancelled: the money is on record in the ledger; a refund is due.
        log.warning("payment %s succeeded for order %s that is %s; refund it", payment.id, order_id, order.state)
        return
    orders.mark_paid(db, order_id, payment.provider_id or f"payment:{payment.id}")


def order_refunded(db: Session, payment: Payment) -> None:
    order_id = _order_id(payment)
    if order_id is None:
        return
    order = db.get(Order, order_id)
    if order is None or order.state not in _ENDED:
        return
    if payment.refunded_minor >= payment.captured_minor:
        orders.mark_refunded(db, order_id, f"payment:{payment.id}")


# ---------------------------------------------------------------- paying an order


def _own_order(db: Session, actor: Actor, order_id: int) -> Order:
    require_user(actor)
    order = db.get(Order, order_id)
    if order is None or order.user_id != actor.user_id:
        raise NotFound(phrase("order"))
    return order


def _own_payment(db: Session, actor: Actor, payment_id: int) -> tuple[Payment, Order | None]:
    """The actor's own payment (anyone else's is NotFound) and the order it pays, if there is one."""
    payment = db.get(Payment, payment_id)
    if payment is None or payment.payer_user_id != actor.user_id:
        raise NotFound(phrase("payment"))
    order_id = _order_id(payment)
    return payment, db.get(Order, order_id) if order_id else None


def start_order_payment(db: Session, actor: Actor, order_id: int) -> Payment:
    """Open the card payment for the resident's placed order (again after a decline: the same
    attempt comes back, so a retry never charges twice). Returns the payment to show on /pay/{id}."""
    require_resident(actor)
    order = _own_order(db, actor, order_id)
    if order.state != OrderState.PLACED:
        raise ServiceError(phrase("Order #{id} is {state}; there is nothing to pay.", id=order.id,
                                  state=orders.STATE_LABELS[order.state]),
                           code="bad_state")
    if order.deposit_minor:  # made to order: the deposit now, the balance when ready
        return made_to_order_money.start_deposit_payment(db, actor, order)
    shop = db.get(Merchant, order.merchant_id)
    return intents.start_payment(
        db, actor, purpose=purpose_of(order.id), amount_minor=order.total_minor, currency=order.currency,
        payee=f"merchant:{order.merchant_id}", description=f"Order #{order.id} at {shop.name}"[:200],
    )


def pay_order(db: Session, actor: Actor, payment_id: int, card: str) -> Payment:
    """The demo payment page's Pay: refuse if the order is no longer waiting for payment (e.g.
    cancelled meanwhile in another tab), else charge the card through intents.confirm_payment.
    A decline raises ServiceError(code="declined") and the order stays placed."""
    require_resident(actor)
    payment, order = _own_payment(db, actor, payment_id)
    if order is not None and not made_to_order_money.payable_now(order) and payment.status not in common.PAID_STATUSES:
        raise ServiceError(phrase("Order #{id} is {state}; it cannot be paid now.", id=order.id,
                                  state=orders.STATE_LABELS[order.state]),
                           code="bad_state")
    return intents.confirm_payment(db, actor, payment_id, card)


@dataclass(frozen=True)
class PaymentPage:
    payment_id: int
    order_id: int | None
    shop_name: str
    amount_minor: int
    currency: str
    status: str
    failure_message: str
    paid: bool
    payable: bool  # the order still waits for this payment
    hosted: bool = False  # paid on the provider's own page (Stripe Checkout), not on ours
    processing: bool = False  # paid, the provider is still confirming (a bank debit)
    description: str = ""  # what it pays for, as the payment was started ("Order #5 at Corner Grocer")
    purpose: str = ""  # "order:5", "bill:9", ... (the page sends the payer back to where it came from)


def payment_page(db: Session, actor: Actor, payment_id: int) -> PaymentPage:
    """What the demo payment page shows: amount, what for, and whether it is paid already."""
    require_user(actor)
    payment, order = _own_payment(db, actor, payment_id)
    order_id = _order_id(payment)
    shop = db.get(Merchant, order.merchant_id) if order else None
    # An attempt given up because a later one paid (from the wallet, say) reads as paid: an old
    # link, or the way back from paying the rest by card, shows the money arrived.
    paid = payment.status in common.PAID_STATUSES or (
        payment.status == PaymentStatus.CANCELED and intents.paid_payment_for(db, payment.purpose) is not None)
    payable = not paid and payment.status in common.OPEN_STATUSES and (order is None or made_to_order_money.payable_now(order))
    return PaymentPage(payment.id, order_id, shop.name if shop else "", payment.amount_minor, payment.currency,
                       payment.status, payment.failure_message, paid, payable, hosted_checkout.is_hosted(payment),
                       payment.status == PaymentStatus.PROCESSING, payment.description, payment.purpose)


@dataclass(frozen=True)
class RefundRow:
    amount_minor: int
    currency: str
    status: str
    reason: str
    at: datetime


def order_refunds(db: Session, actor: Actor, order_id: int) -> list[RefundRow]:
    """Refunds made on the order's payments (pending or done), oldest first; for the order page."""
    order = _own_order(db, actor, order_id)
    rows = db.exec(select(Refund).join(Payment, Payment.id == Refund.payment_id)
                   .where(Payment.purpose == purpose_of(order.id),
                          Refund.status.in_([RefundStatus.PENDING, RefundStatus.SUCCEEDED]))
                   .order_by(Refund.id)).all()
    return [RefundRow(r.amount_minor, r.currency, r.status, r.reason, r.succeeded_at or r.created_at) for r in rows]


# The live order page's poll in one prebuilt statement of columns (core/prebuilt.py): every open
# order page asks it each second, and three ORM reads took 0.6 ms of a worker's CPU per poll.
_PAGE_VERSIONS = select(
    Order.user_id, Order.state, Order.deposit_minor, Order.balance_requested_at, Order.balance_paid_at,
    Order.deposit_state,
    select(func.max(OrderEvent.id)).where(OrderEvent.order_id == Order.id).scalar_subquery(),
    select(func.coalesce(func.sum(Refund.id * 10 + case((Refund.status == RefundStatus.SUCCEEDED, 1), else_=0)), 0))
    .join(Payment, Payment.id == Refund.payment_id).where(Payment.purpose == bindparam("purpose")).scalar_subquery(),
).where(Order.id == bindparam("order_id"))


def order_page_versions(db: Session, actor: Actor, order_id: int) -> tuple[str, int, int, str]:
    """What moves when anyone changes the resident's own order, for its live page's poll: (state,
    last timeline step), its refunds (`refunds_version`) and its balance (made to order,
    `balance_version_of`), in one read; anyone else's order is not found."""
    require_user(actor)
    found = prebuilt.rows(db, _PAGE_VERSIONS, order_id=order_id, purpose=purpose_of(order_id))
    owner, state, deposit, requested, paid, deposit_state, last, refunds = found[0] if found else (None,) * 8
    if owner is None or owner != actor.user_id:
        raise NotFound(phrase("order"))
    return state, last or 0, int(refunds), made_to_order_money.balance_version_from(deposit, requested, paid, deposit_state)


def order_page_keys(order_id: int) -> list:
    """The change bell's keys for everything `order_page_versions` reads (core/change_rings.py)."""
    return [change_rings.key_of(Order, "id", order_id), change_rings.key_of(OrderEvent, "order_id", order_id),
            change_rings.key_of(Payment, "purpose", purpose_of(order_id)), change_rings.key_of(Refund)]


def refunds_and_version(db: Session, actor: Actor, order_id: int) -> tuple[list[RefundRow], int]:
    """`order_refunds` and `refunds_version` in one read: what the order page opens with."""
    order = _own_order(db, actor, order_id)
    rows = db.exec(select(Refund).join(Payment, Payment.id == Refund.payment_id)
                   .where(Payment.purpose == purpose_of(order.id)).order_by(Refund.id)).all()
    shown = [RefundRow(r.amount_minor, r.currency, r.status, r.reason, r.succeeded_at or r.created_at)
             for r in rows if r.status in (RefundStatus.PENDING, RefundStatus.SUCCEEDED)]
    return shown, _version_of((r.id, r.status) for r in rows)


def refunds_version(db: Session, actor: Actor, order_id: int) -> int:
    """The newest refund id on the order's payments (0 if none): a refund moves no order state, so
    the live order page polls this next to orders.order_version."""
    order = _own_order(db, actor, order_id)
    rows = db.exec(select(Refund.id, Refund.status).join(Payment, Payment.id == Refund.payment_id)
                   .where(Payment.purpose == purpose_of(order.id))).all()
    return _version_of(rows)


def _version_of(rows) -> int:
    # The status counts too: a pending refund that succeeds later changes what the page shows.
    # Its SQL twin is in _PAGE_VERSIONS (the poll): change both (tests/unit/shopping/test_order_payments.py).
    return sum(rid * 10 + (1 if status == RefundStatus.SUCCEEDED else 0) for rid, status in rows)


def open_payment_id(db: Session, actor: Actor, order_id: int) -> int | None:
    """The latest unpaid payment attempt of the order, if any (to send the resident back to it)."""
    order = _own_order(db, actor, order_id)
    p = db.exec(select(Payment).where(Payment.purpose == purpose_of(order.id),
                                      Payment.status.in_([PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED]))
                .order_by(Payment.attempt.desc())).first()
    return p.id if p else None


# ---------------------------------------------------------------- settling a signed order


def _settle_on_signing(db: Session, order: Order, from_state: str, to_state: str) -> None:
    """Signing is the resident's acceptance: the money escrow holds for the order becomes the
    shop's, less the service fee for its category, in the same transaction as the signature."""
    if to_state == OrderState.SIGNED and intents.paid_payment_for(db, purpose_of(order.id)) is not None:
        intents.settle_order(db, purpose_of(order.id))


orders.ON_TRANSITION.append(_settle_on_signing)


def close_signed_orders(db: Session, now: datetime | None = None, after_hours: int = 1) -> list[int]:
    """Housekeeping: orders signed more than `after_hours` ago are settled (the books on them are
    closed). Settlement was posted at signing; this records it on the order. Idempotent."""
    now = now or utcnow()
    # Each due order is claimed (FOR UPDATE SKIP LOCKED): with several workers, each settles others.
    due = claim(db, select(Order).where(Order.state == OrderState.SIGNED,
                                        Order.signed_at <= now - timedelta(hours=after_hours)).order_by(Order.id))
    ids = [order.id for order in due]
    for order in due:
        order_id = order.id
        tx = None
        if intents.paid_payment_for(db, purpose_of(order_id)) is not None:
            tx = intents.settle_order(db, purpose_of(order_id))  # returns the posting made at signing
        orders.settle(db, order, f"ledger:{tx.id}" if tx is not None else "")
    return ids
