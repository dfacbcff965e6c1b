"""The money of a made-to-order order. The deposit is the order's first payment, purpose
"deposit:order-{id}" (held in escrow: ledger `deposit_held`); paying it moves the order to paid.
The balance is the order's own purpose "order:{id}" (`order_paid`, escrow), paid by the resident
on the order page once the shop asks for it, so settlement at signing, refunds of an ended order
and the statistics treat it like any order payment. At completion (signed for) the deposit is
applied to the shop (`deposit_applied`, less the service fee); a cancellation releases it
(`deposit_released`, a refund) or, after work started under a "keep" rule, forfeits it to the shop
(`deposit_forfeited`). Every step is one balanced ledger transaction, posted once.

Hooks (wired in community_hub/payment_hooks.py): deposit paid / refunded, balance paid, and an
order transition listener (applied at signing, release due when an order ends, no hand-over while
the balance is unpaid)."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.job_claims import claim
from community_hub.core.money import money_shown
from community_hub.core.permissions import Actor, require_resident
from community_hub.marketplace import orders
from community_hub.models import Merchant
from community_hub.models.base import utcnow
from community_hub.models.orders import Order, OrderState
from community_hub.models.payments import Payment
from community_hub.payments import intents, ledger_postings, refunds
from community_hub.payments.common import PAID_STATUSES, SYSTEM

log = logging.getLogger("community_hub.made_to_order")

S = OrderState
HELD, APPLIED, RELEASE_DUE, RELEASING, RELEASED, FORFEITED = (
    "held", "applied", "release_due", "releasing", "released", "forfeited")
_ENDED = (S.CANCELLED, S.REJECTED, S.REFUNDED)
# Moves that hand the work over: refused while the balance is unpaid.
_HAND_OVER = (S.OUT_FOR_DELIVERY, S.DELIVERED)


def deposit_purpose(order_id: int) -> str:
    return f"deposit:order-{order_id}"


def order_id_of_deposit(payment: Payment) -> int | None:
    prefix, _, rest = payment.purpose.partition(":")
    if prefix != "deposit" or not rest.startswith("order-") or not rest[6:].isdigit():
        return None
    return int(rest[6:])


def is_deposit_order(order: Order) -> bool:
    return order.deposit_minor > 0


def balance_due(order: Order) -> bool:
    """The shop asked for the balance and it is not paid yet (the order still goes on)."""
    return (is_deposit_order(order) and order.balance_requested_at is not None
            and order.balance_paid_at is None and order.state not in _ENDED)


# ---------------------------------------------------------------- paying


def start_deposit_payment(db: Session, actor: Actor, order: Order) -> Payment:
    """The deposit of a placed made-to-order order (order_payments.start_order_payment sends a
    deposit order here): the same attempt comes back on a retry, so it is never charged twice."""
    shop = db.get(Merchant, order.merchant_id)
    return intents.start_payment(
        db, actor, purpose=deposit_purpose(order.id), amount_minor=order.deposit_minor, currency=order.currency,
        payee=f"merchant:{order.merchant_id}", description=f"Deposit, order #{order.id} at {shop.name}"[:200])


def start_balance_payment(db: Session, actor: Actor, order_id: int) -> Payment:
    """The resident pays the balance the shop asked for. Paying twice is refused."""
    require_resident(actor)
    order = db.get(Order, order_id)
    if order is None or order.user_id != actor.user_id:
        raise NotFound(phrase("order"))
    if not is_deposit_order(order):
        raise ServiceError(phrase("Order #{id} has no balance to pay.", id=order.id), code="no_balance")
    if order.balance_paid_at is not None or intents.paid_payment_for(db, f"order:{order.id}") is not None:
        raise ServiceError(phrase("The balance of order #{id} is already paid.", id=order.id), code="already_paid")
    if order.state in _ENDED:
        raise ServiceError(phrase("Order #{id} is {state}; there is nothing to pay.", id=order.id,
                                  state=orders.STATE_LABELS[order.state]), code="bad_state")
    if order.balance_requested_at is None:
        raise ServiceError(phrase("The shop has not asked for the balance yet; you pay it when your order is ready."),
                           code="not_ready")
    shop = db.get(Merchant, order.merchant_id)
    return intents.start_payment(
        db, actor, purpose=f"order:{order.id}", amount_minor=order.balance_minor, currency=order.currency,
        payee=f"merchant:{order.merchant_id}", description=f"Balance, order #{order.id} at {shop.name}"[:200])


def balance_version(db: Session, actor: Actor, order_id: int) -> str:
    """What moves on a made-to-order order without a new timeline step (the shop asked for the
    balance, it was paid, the deposit's fate): the live order page polls it next to order_version."""
    orders.order_version(db, actor, order_id)  # whoever may not see the order gets NotFound here
    return balance_version_of(db.get(Order, order_id))


def balance_version_of(order: Order) -> str:
    """`balance_version` of an order already read (and already shown to this actor)."""
    return balance_version_from(order.deposit_minor, order.balance_requested_at, order.balance_paid_at,
                                order.deposit_state)


def balance_version_from(deposit_minor: int, requested_at, paid_at, deposit_state: str) -> str:
    """`balance_version_of` from the order's columns (a poll that reads only those)."""
    if deposit_minor <= 0:  # not a deposit order (is_deposit_order)
        return ""
    return f"{requested_at}|{paid_at}|{deposit_state}"


def payable_now(order: Order) -> bool:
    """Whether the payment page may take the order's "order:{id}" payment now: a placed order, or
    the balance of a made-to-order order the shop asked for."""
    return order.state == S.PLACED or balance_due(order)


# ---------------------------------------------------------------- hooks


def deposit_paid(db: Session, payment: Payment) -> None:
    """The deposit arrived: the order is paid (waiting for the shop) and its deposit held."""
    order_id = order_id_of_deposit(payment)
    order = db.get(Order, order_id) if order_id else None
    if order is None:
        return
    if order.state != S.PLACED and order.payment_ref != (payment.provider_id or ""):
        log.warning("deposit %s arrived for order %s that is %s; release it", payment.id, order_id, order.state)
        order.deposit_state = RELEASE_DUE  # the release job sends it back
        db.add(order)
        return
    order.deposit_state = HELD
    db.add(order)
    orders.mark_paid(db, order.id, payment.provider_id or f"payment:{payment.id}")


def deposit_refunded(db: Session, payment: Payment) -> None:
    """The deposit went back in full: recorded on the order; an ended order becomes refunded."""
    order_id = order_id_of_deposit(payment)
    order = db.get(Order, order_id) if order_id else None
    if order is None or payment.refunded_minor < payment.captured_minor:
        return
    order.deposit_state = RELEASED
    db.add(order)
    if order.state in (S.CANCELLED, S.REJECTED):
        orders.mark_refunded(db, order.id, f"payment:{payment.id}")


def balance_paid(db: Session, payment: Payment) -> None:
    """The balance of a made-to-order order arrived (its "order:{id}" payment after the deposit)."""
    order_id = payment.purpose.partition(":")[2]
    order = db.get(Order, int(order_id)) if order_id.isdigit() else None
    if order is None or not is_deposit_order(order) or order.state == S.PLACED or order.balance_paid_at:
        return
    order.balance_paid_at, order.balance_payment_id, order.updated_at = utcnow(), payment.id, utcnow()
    db.add(order)
    shop = db.get(Merchant, order.merchant_id)
    for uid in orders.merchant_user_ids(db, order.merchant_id):
        orders_update(db, uid, order, shop, phrase("balance paid"), f"/merchant/orders/{order.id}",
                      phrase(" {amount} received; hand it over.", amount=money_shown(order.balance_minor,
                                                                                    order.currency)), side="staff")


def orders_update(db: Session, user_id: int, order: Order, shop: Merchant, label, link: str, extra,
                  side: str = "") -> None:
    from community_hub.notify.outbox import notify_user  # the outbox: one message per step
    notify_user(db, user_id, "order_update", link=link, side=side, order_id=order.id, shop=shop.name,
                state_label=label, extra=extra)


def on_order_transition(db: Session, order: Order, from_state: str, to_state: str) -> None:
    """Inside every order move: no hand-over while the balance is unpaid; the deposit applied at
    signing; released when the order ends otherwise (unless already forfeited)."""
    if not is_deposit_order(order):
        return
    if to_state in _HAND_OVER and order.balance_paid_at is None:
        raise ServiceError(phrase("The balance of order #{id} is not paid yet: ask for it with Ready, and hand "
                                  "the order over once the customer has paid it.", id=order.id), code="balance_unpaid")
    if to_state == S.SIGNED and order.deposit_state == HELD:
        shop = db.get(Merchant, order.merchant_id)
        ledger_postings.deposit_applied(db, reference=deposit_purpose(order.id), merchant_id=shop.id,
                                        category=shop.category, currency=order.currency)
        order.deposit_state = APPLIED
        db.add(order)
    elif to_state in (S.CANCELLED, S.REJECTED, S.REFUNDED) and order.deposit_state == HELD:  # a dispute refunded too
        order.deposit_state = RELEASE_DUE
        db.add(order)


# ---------------------------------------------------------------- deposit released or kept


def _deposit_payment(db: Session, order_id: int) -> Payment | None:
    return db.exec(select(Payment).where(Payment.purpose == deposit_purpose(order_id),
                                         Payment.status.in_(list(PAID_STATUSES)))
                   .order_by(Payment.attempt.desc())).first()


def release(db: Session, order: Order) -> bool:
    """Send the held deposit back (a refund: `deposit_released`). Commits (the refund is on record
    before the provider hears of it); a provider outage leaves it due for the next pass."""
    payment = _deposit_payment(db, order.id)
    stuck = refunds.unsent_refund(db, payment) if payment is not None else None
    if payment is None or (refunds.refundable(db, payment) <= 0 and stuck is None):
        order.deposit_state = RELEASED if payment is not None else order.deposit_state
        db.add(order)
        return False
    # No other worker picks it up while the refund is sent; the time says when a worker that died
    # mid-send left it (release_due_deposits takes it up again after STALE_RELEASE).
    order.deposit_state, order.updated_at = RELEASING, utcnow()
    db.add(order)
    try:
        refunds.refund_payment(db, SYSTEM, payment.id, None, reason=f"deposit released, order #{order.id}")
    except ServiceError as exc:
        if exc.keep:
            db.commit()  # the refused refund stays on record
        else:
            db.rollback()
        fresh = db.exec(select(Order).where(Order.id == order.id).with_for_update()
                        .execution_options(populate_existing=True)).one()
        if fresh.deposit_state in (RELEASING, HELD, RELEASE_DUE):
            fresh.deposit_state = RELEASE_DUE
            db.add(fresh)
        db.commit()
        log.warning("deposit of order %s not released yet: %s", order.id, exc.message)
        return False
    return True


def forfeit(db: Session, order: Order) -> None:
    """The shop keeps the held deposit (its rule, after work started): `deposit_forfeited`."""
    ledger_postings.deposit_forfeited(db, reference=deposit_purpose(order.id), source=f"order:{order.id}",
                                      currency=order.currency, beneficiary=f"merchant:{order.merchant_id}")
    order.deposit_state = FORFEITED
    db.add(order)


STALE_RELEASE = timedelta(minutes=15)  # far longer than a provider's refund call takes


def release_due_deposits(db: Session, now=None) -> list[int]:
    """Housekeeping: deposits of orders that ended (rejected, cancelled by the shop, or paid after a
    cancellation) go back. One order at a time is claimed (FOR UPDATE SKIP LOCKED) and re-checked
    under the lock, so N workers never send one twice."""
    done: list[int] = []
    passed: list[int] = []
    for _ in range(20):
        # A release a worker started and never finished (it died between the refund on record and
        # its answer) is due again: the refund's pending row is re-sent with the same key, so the
        # provider refunds once, or it is found refunded and the deposit marked released.
        stale = (Order.deposit_state == RELEASING) & (Order.updated_at < (now or utcnow()) - STALE_RELEASE)
        q = select(Order).where((Order.deposit_state == RELEASE_DUE) | stale)
        if passed:
            q = q.where(Order.id.not_in(passed))
        rows = claim(db, q.order_by(Order.id).limit(1))
        if not rows:
            break
        order = rows[0]
        if release(db, order):
            done.append(order.id)
        else:
            passed.append(order.id)
        db.commit()
    return done
