"""The shop's and the resident's steps on a made-to-order order: the shop starts work (accepting a
paid order if it has not yet), then says it is ready and asks for the balance (the resident is told,
and reminded once if it is still unpaid after REMIND_AFTER); the resident cancels under the rule
shown before confirming: before work started the deposit comes back, after it the shop's rule
(stated at checkout and kept on the order) says whether it keeps the deposit or refunds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import Text, phrase
from community_hub.core.job_claims import claim
from community_hub.core.money import format_money, money_shown
from community_hub.core.permissions import Actor, require_merchant_of, require_user
from community_hub.core.rows import get_or_not_found
from community_hub.marketplace import orders
from community_hub.marketplace.made_to_order import money
from community_hub.marketplace.made_to_order.terms import KEEP, rule_text
from community_hub.models import Merchant
from community_hub.models.base import utcnow
from community_hub.models.orders import Order, OrderState

S = OrderState
REMIND_AFTER = timedelta(hours=24)
# Before work starts the resident may cancel from these; after it, until the balance is paid.
_CANCELLABLE = (S.PAID, S.ACCEPTED, S.PREPARING)


def _deposit_order(db: Session, order_id: int, lock: bool = False) -> Order:
    order = get_or_not_found(db, Order, order_id, phrase("order"), lock=lock, fresh=lock)
    if not money.is_deposit_order(order):
        raise ServiceError(phrase("Order #{id} is not made to order: use the usual steps.", id=order.id),
                           code="not_made_to_order")
    return order


def _shop_order(db: Session, actor: Actor, order_id: int) -> Order:
    require_user(actor)
    order = get_or_not_found(db, Order, order_id, phrase("order"))
    require_merchant_of(actor, order.merchant_id)
    return _deposit_order(db, order_id, lock=True)


def start_work(db: Session, actor: Actor, order_id: int) -> Order:
    """The shop starts making it: a paid order is accepted and moves to being prepared. From now on
    a cancellation follows the shop's deposit rule."""
    order = _shop_order(db, actor, order_id)
    if order.work_started_at is not None:
        raise ServiceError(phrase("Work on order #{id} has already started.", id=order.id), code="started")
    if order.state == S.PAID:
        orders.accept_order(db, actor, order.id)
    if order.state not in (S.ACCEPTED, S.PREPARING):
        raise ServiceError(phrase("Order #{id} is {state}; work cannot start now.", id=order.id,
                                  state=orders.STATE_LABELS[order.state]), code="bad_state")
    if order.state == S.ACCEPTED:
        orders.start_preparing(db, actor, order.id)
    order.work_started_at = utcnow()
    db.add(order)
    db.flush()
    return order


def request_balance(db: Session, actor: Actor, order_id: int, now: datetime | None = None) -> Order:
    """The shop says the order is ready and asks for the balance: the resident is told to pay it
    on the order page (and reminded later if it stays unpaid). Asking twice is refused."""
    now = now or utcnow()
    order = _shop_order(db, actor, order_id)
    if order.work_started_at is None or order.state not in (S.PREPARING, S.READY_FOR_PICKUP):
        raise ServiceError(phrase("Start work on order #{id} first; then mark it ready.", id=order.id),
                           code="not_started")
    if order.balance_paid_at is not None:
        raise ServiceError(phrase("The balance of order #{id} is already paid.", id=order.id), code="already_paid")
    if order.balance_requested_at is not None:
        raise ServiceError(phrase("The customer has already been asked for the balance of order #{id}.",
                                  id=order.id), code="already_asked")
    order.balance_requested_at, order.updated_at = now, now
    db.add(order)
    _ask_for_balance(db, order, phrase("ready: the balance is due"))
    db.flush()
    return order


def _ask_for_balance(db: Session, order: Order, label: Text) -> None:
    shop = db.get(Merchant, order.merchant_id)
    money.orders_update(db, order.user_id, order, shop, label, f"/orders/{order.id}",
                        phrase(" Pay the balance of {amount} on the order page.",
                               amount=money_shown(order.balance_minor, order.currency)))


def remind_unpaid_balances(db: Session, now: datetime | None = None, after: timedelta = REMIND_AFTER) -> list[int]:
    """Housekeeping: one reminder per order whose balance is still unpaid `after` it was asked for.
    Rows are claimed (FOR UPDATE SKIP LOCKED) and re-checked, so N workers send it once."""
    now = now or utcnow()
    due = claim(db, select(Order).where(Order.deposit_minor > 0, Order.balance_requested_at <= now - after,
                                        Order.balance_paid_at.is_(None), Order.balance_reminded_at.is_(None),
                                        Order.state.not_in([S.CANCELLED, S.REJECTED, S.REFUNDED]))
                .order_by(Order.id).limit(100))
    done = []
    for order in due:
        if order.balance_paid_at is not None or order.balance_reminded_at is not None:
            continue
        order.balance_reminded_at = now
        db.add(order)
        _ask_for_balance(db, order, phrase("reminder: the balance is due"))
        done.append(order.id)
    return done


# ---------------------------------------------------------------- the resident cancels


@dataclass(frozen=True)
class CancelTerms:
    can_cancel: bool
    deposit_back: bool  # the deposit comes back if the resident cancels now
    text: Text  # what the confirmation says, before the resident confirms
    rule: Text  # the shop's rule, as stated at checkout


def _own(db: Session, actor: Actor, order_id: int, lock: bool = False) -> Order:
    require_user(actor)
    order = get_or_not_found(db, Order, order_id, phrase("order"), lock=lock, fresh=lock)
    if order.user_id != actor.user_id:
        raise NotFound(phrase("order"))
    return order


def _terms(order: Order) -> CancelTerms:
    amount = format_money(order.deposit_minor, order.currency)
    rule = rule_text(order.deposit_rule)
    if order.state == S.PLACED:
        return CancelTerms(True, False, phrase("Nothing is paid yet: cancelling costs nothing."), rule)
    if order.state not in _CANCELLABLE or order.balance_paid_at is not None:
        return CancelTerms(False, False, phrase("This order can no longer be cancelled here; ask the shop."), rule)
    if order.work_started_at is None:
        return CancelTerms(True, True, phrase("The shop has not started yet: cancelling refunds your deposit of "
                                              "{amount}.", amount=amount), rule)
    if order.deposit_rule == KEEP:
        return CancelTerms(True, False, phrase("The shop has started work: by its rule it keeps your deposit of "
                                               "{amount} if you cancel.", amount=amount), rule)
    return CancelTerms(True, True, phrase("The shop has started work: by its rule your deposit of {amount} is "
                                          "refunded if you cancel.", amount=amount), rule)


def cancel_terms(db: Session, actor: Actor, order_id: int) -> CancelTerms:
    """What happens to the deposit if the resident cancels now (shown before confirming)."""
    order = _own(db, actor, order_id)
    if not money.is_deposit_order(order):
        raise ServiceError(phrase("Order #{id} is not made to order: use the usual steps.", id=order.id),
                           code="not_made_to_order")
    return _terms(order)


def cancel(db: Session, actor: Actor, order_id: int, reason: str = "") -> Order:
    """The resident cancels a made-to-order order: the deposit comes back before work started,
    after that as the shop's rule says (kept: forfeited to the shop). Commits (a refund is on
    record before the provider hears of it)."""
    reason = orders.check_reason(reason)
    order = _own(db, actor, order_id, lock=True)
    if order.state == S.PLACED and not order.payment_ref:  # nothing paid yet: the usual cancel
        return orders.cancel_order(db, actor, order.id, reason)
    if not money.is_deposit_order(order):
        raise ServiceError(phrase("Order #{id} is not made to order: use the usual steps.", id=order.id),
                           code="not_made_to_order")
    terms = _terms(order)
    if not terms.can_cancel:
        raise ServiceError(terms.text, code="bad_state")
    keep = not terms.deposit_back
    if keep:
        order.deposit_state = "forfeiting"  # the transition listener leaves a kept deposit alone
    role = orders.RESIDENT if orders.allowed(order.state, S.CANCELLED, orders.RESIDENT) else orders.SYSTEM
    note = reason or ("cancelled by the customer after work started" if order.work_started_at else "")
    orders.transition(db, order, S.CANCELLED, role=role, actor_user_id=actor.user_id, note=note)
    if keep:
        money.forfeit(db, order)
        db.flush()
        return order
    db.flush()
    money.release(db, order)  # commits; if the provider is away the release job sends it later
    return order
