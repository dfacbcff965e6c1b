"""Starting, confirming, capturing and canceling payments (web and kiosk terminal), and what the
orders, bills and deposits services ask of a paid purpose.

A payment is for a purpose ("order:5", "bill:9", "deposit:3", "ad:2") and an attempt; its
provider idempotency key is "{purpose}:pay:{attempt}". A timed-out create leaves the attempt
unpaid on record; the retry sends the same key, so the provider answers with the same payment:
one charge. Before a provider call the row that names the operation is committed.
"""

from __future__ import annotations

import re
import time

from sqlmodel import Session, select

from community_hub.core.errors import ContinueElsewhere, NotFound, PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.core.permissions import Actor, AdminPermission, require_user
from community_hub.core.rows import get_or_not_found
from community_hub.models import Merchant
from community_hub.models.base import utcnow
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import hosted_checkout, ledger_postings
from community_hub.payments.common import (
    OPEN_STATUSES,
    PAID_STATUSES,
    ask_provider,
    audit,
    load_payment,
    log,
    may_see_payment,
    payee_merchant_id,
    provider_unavailable,
)
from community_hub.payments.hooks import refund_check_allows
from community_hub.payments.providers.base import (
    PaymentProvider,
    PaymentProviderError,
    ProviderDeclined,
    ProviderRejected,
    ProviderUnavailable,
    ReaderAction,
)
from community_hub.payments.providers.registry import get_provider
from community_hub.payments.status import apply_provider_state, move_status
from community_hub.payments.webhooks import deliver_provider_events

# "bills:" is one card payment for every bill a household owes (property/bill_payments.pay_all_bills).
# "card_fee:" is a membership card's fee or upgrade (membership/activation.py), paid to the platform.
# "share:" is neighbour sharing's money held in escrow (a slot's deposit and balance: sharing/parking_money.py).
# "cover:" is a shop's month of the platform's customer-service cover (marketplace/service_cover.py).
# "topup:" puts money in a resident's wallet (payments/wallet.py).
_PURPOSE = re.compile(r"^(order|bill|bills|deposit|ad|card_fee|share|cover|topup):[A-Za-z0-9_-]{1,40}$")


def _latest_attempt(db: Session, purpose: str) -> Payment | None:
    return db.exec(
        select(Payment).where(Payment.purpose == purpose).order_by(Payment.attempt.desc()).with_for_update()
    ).first()


def _check_payee(purpose: str, payee: str) -> None:
    kind = purpose.split(":", 1)[0]
    if kind in ("bill", "bills") and not re.match(r"^property:\d+$", payee):
        raise ServiceError(phrase("A bill payment must name the property company it is for."))
    if kind == "order" and payee and not re.match(r"^merchant:\d+$", payee):
        raise ServiceError(phrase("An order payment must name the shop it is for."))


def start_payment(db: Session, actor: Actor, *, purpose: str, amount_minor: int, currency: str = "USD",
                  payee: str = "", capture_method: str = "automatic", description: str = "",
                  card_present: bool = False, provider_name: str | None = None) -> Payment:
    """Open (or reopen) the payment for `purpose`. Idempotent per purpose and attempt:
    a live unpaid attempt with the same amount is returned as it is; one whose create never got an
    answer is created again with the same idempotency key; a changed amount or a canceled attempt
    starts attempt n+1. Commits the attempt before calling the provider."""
    require_user(actor)
    if not _PURPOSE.match(purpose or ""):
        raise ServiceError(phrase("A payment must be for an order, a bill, a deposit or an ad."))
    if not isinstance(amount_minor, int) or amount_minor <= 0:
        raise ServiceError(phrase("The amount to pay must be more than zero."))
    if capture_method not in ("automatic", "manual"):
        raise ServiceError(phrase("Capture is automatic or manual."))
    _check_payee(purpose, payee)
    cur = (currency or "").upper()
    if not re.match(r"^[A-Z]{3}$", cur):
        raise ServiceError(phrase("{currency} is not a currency code.", currency=repr(currency)))
    provider = get_provider(provider_name)
    latest = _latest_attempt(db, purpose)
    payment: Payment | None = None
    attempt = 1
    if latest is not None:
        if latest.payer_user_id not in (None, actor.user_id) and not actor.holds(AdminPermission.SUPER):
            raise PermissionDenied(phrase("Someone else is paying for this."))
        if latest.status in PAID_STATUSES:
            raise ServiceError(phrase("This has already been paid."), code="already_paid")
        if latest.status in (PaymentStatus.PROCESSING, PaymentStatus.REQUIRES_CAPTURE):
            raise ServiceError(phrase("A payment for this is already going through."), code="in_progress")
        same = (latest.amount_minor == amount_minor and latest.currency == cur
                and latest.provider == provider.name and latest.capture_method == capture_method
                and latest.status in OPEN_STATUSES)
        if same and latest.provider_id:
            return _refreshed(db, provider, latest)
        if same:
            payment = latest  # the provider never answered: ask again with the same key
        else:
            if latest.status in OPEN_STATUSES and latest.provider_id:
                _cancel_at_provider(db, actor, latest)
            elif latest.status in OPEN_STATUSES and latest.checkout_id:
                _give_up_checkout(db, latest)
            elif latest.status in OPEN_STATUSES:  # never reached the provider: nothing to undo there
                latest.status = PaymentStatus.CANCELED
                latest.updated_at = utcnow()
                db.add(latest)
            attempt = latest.attempt + 1
    if payment is None:
        payment = Payment(
            purpose=purpose, attempt=attempt, payer_user_id=actor.user_id, payee=payee,
            amount_minor=amount_minor, currency=cur, provider=provider.name, capture_method=capture_method,
            idempotency_key=f"{purpose}:pay:{attempt}", description=description[:200],
        )
        db.add(payment)
        db.flush()
    db.commit()  # on record before the provider hears of it
    if getattr(provider, "hosted_checkout", False) and not card_present:
        # The provider's hosted page makes the payment when the payer opens it (hosted_checkout.py).
        return payment
    metadata = {"hub_payment_id": str(payment.id), "purpose": purpose}
    try:
        pp = provider.create_payment(amount_minor, cur, payment.idempotency_key, metadata, capture_method,
                                     card_present=card_present)
    except ProviderUnavailable as exc:
        raise provider_unavailable(exc, "start payment", purpose) from exc
    except PaymentProviderError as exc:
        log.warning("start payment for %s refused: %s", purpose, exc.detail or exc.message)
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    apply_provider_state(db, payment, pp)
    deliver_provider_events(db, provider, pp.id)
    db.flush()
    return payment


def _refreshed(db: Session, provider: PaymentProvider, payment: Payment) -> Payment:
    """An open attempt shown again: read it fresh, in case it was paid and the webhook is late."""
    try:
        pp = provider.retrieve(payment.provider_id)
    except PaymentProviderError as exc:
        log.info("payment %s not refreshed (%s); showing it as we have it", payment.id, exc.message)
        return payment
    apply_provider_state(db, payment, pp)
    deliver_provider_events(db, provider, payment.provider_id)
    if payment.status in PAID_STATUSES:
        raise ServiceError(phrase("This has already been paid."), code="already_paid", keep=True)
    return payment


def _give_up_checkout(db: Session, payment: Payment) -> None:
    """An open attempt on a hosted page is replaced: its page stops taking money first."""
    hosted_checkout.expire_open_checkout(db, payment)
    if payment.status in PAID_STATUSES:
        raise ServiceError(phrase("This has already been paid."), code="already_paid")
    if payment.status in OPEN_STATUSES:
        payment.status = PaymentStatus.CANCELED
        payment.updated_at = utcnow()
        db.add(payment)


def _cancel_at_provider(db: Session, actor: Actor, payment: Payment) -> None:
    provider = get_provider(payment.provider)
    try:
        pp = provider.cancel(payment.provider_id, f"{payment.idempotency_key}:cancel")
    except ProviderUnavailable as exc:
        raise provider_unavailable(exc, "cancel payment", payment.purpose) from exc
    except ProviderRejected:
        pp = provider.retrieve(payment.provider_id)  # it may have succeeded meanwhile
    apply_provider_state(db, payment, pp)
    deliver_provider_events(db, provider, payment.provider_id)
    if payment.status in PAID_STATUSES:
        raise ServiceError(phrase("This has already been paid."), code="already_paid")


def confirm_payment(db: Session, actor: Actor, payment_id: int, payment_method: str) -> Payment:
    """Charge an open payment with a payment method (the demo payment page sends the card number;
    Stripe's card form confirms in the browser, so with Stripe this is for saved methods and
    tests). A decline records the reason and raises a ServiceError the resident can read; the
    payment stays open for another card."""
    payment = load_payment(db, payment_id)
    if not may_see_payment(actor, payment) or (payment.payer_user_id not in (None, actor.user_id) and not actor.holds(AdminPermission.SUPER)):
        raise NotFound(phrase("payment"))
    if payment.status in PAID_STATUSES:
        raise ServiceError(phrase("This has already been paid."), code="already_paid")
    if payment.status in OPEN_STATUSES and not payment.provider_id and hosted_checkout.is_hosted(payment):
        # The card is entered on the provider's own page, never sent through us: go there.
        db.commit()  # the started payment stays on record
        raise ContinueElsewhere(phrase("Continue to the card payment page."), f"/pay/{payment.id}")
    if payment.status not in OPEN_STATUSES or not payment.provider_id:
        raise ServiceError(phrase("This payment cannot take a card now."), code="not_open")
    payment.confirm_count += 1
    db.add(payment)
    db.commit()
    provider = get_provider(payment.provider)
    key = f"{payment.idempotency_key}:confirm:{payment.confirm_count}"
    try:
        pp = provider.confirm(payment.provider_id, payment_method, key)
    except ProviderDeclined as exc:
        deliver_provider_events(db, provider, payment.provider_id)
        move_status(db, payment, PaymentStatus.FAILED, at=int(time.time()), message=exc.message)
        log.info("payment %s for %s declined: %s", payment.id, payment.purpose, exc.decline_code)
        raise ServiceError(exc.message, code="declined", keep=True) from exc
    except ProviderUnavailable as exc:
        raise provider_unavailable(exc, "confirm payment", payment.purpose) from exc
    except PaymentProviderError as exc:
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    apply_provider_state(db, payment, pp)
    deliver_provider_events(db, provider, payment.provider_id)
    return payment


def confirm_from_provider(db: Session, actor: Actor, payment_id: int) -> Payment:
    """A fresh read from the provider (the return page after the card form, a stuck payment)."""
    payment = load_payment(db, payment_id)
    if not may_see_payment(actor, payment) and not actor.has("kiosk"):
        raise NotFound(phrase("payment"))
    if not payment.provider_id and payment.checkout_id:
        checkout = get_provider(payment.provider)
        page = ask_provider("read checkout", payment.purpose, lambda: checkout.retrieve_checkout(payment.checkout_id))
        hosted_checkout.apply_checkout(db, payment, page)
    if not payment.provider_id:
        return payment
    provider = get_provider(payment.provider)
    pp = ask_provider("refresh payment", payment.purpose, lambda: provider.retrieve(payment.provider_id))
    apply_provider_state(db, payment, pp)
    deliver_provider_events(db, provider, payment.provider_id)
    return payment


def capture_payment(db: Session, actor: Actor, payment_id: int, amount_minor: int | None = None) -> Payment:
    """Take a hold (all of it, or less). The shop being paid or an admin."""
    payment = load_payment(db, payment_id)
    merchant_id = payee_merchant_id(payment.payee)
    if not (actor.holds(AdminPermission.FINANCE) or actor.holds(AdminPermission.CUSTOMER_SERVICE)
            or (merchant_id is not None and actor.is_merchant_of(merchant_id))
            or refund_check_allows(db, actor, payment)):
        raise PermissionDenied(phrase("Only the shop being paid can take this payment."))
    if payment.status in PAID_STATUSES:
        return payment
    if payment.status != PaymentStatus.REQUIRES_CAPTURE:
        raise ServiceError(phrase("There is no hold on this payment to take."), code="no_hold")
    if amount_minor is not None and not 0 < amount_minor <= payment.amount_minor:
        raise ServiceError(phrase("You can take at most {amount}.", amount=format_money(payment.amount_minor, payment.currency)))
    provider = get_provider(payment.provider)
    pp = ask_provider("capture", payment.purpose, lambda: provider.capture(
        payment.provider_id, f"{payment.idempotency_key}:capture", amount_minor))
    apply_provider_state(db, payment, pp)
    deliver_provider_events(db, provider, payment.provider_id)
    audit(db, actor, "payment.capture", f"payment:{payment.id}", format_money(payment.captured_minor, payment.currency))
    return payment


def cancel_payment(db: Session, actor: Actor, payment_id: int) -> Payment:
    """Give up an unpaid payment or release a hold (the payer, the shop, a kiosk or an admin)."""
    payment = load_payment(db, payment_id)
    if not (may_see_payment(actor, payment) or actor.has("kiosk")):
        raise NotFound(phrase("payment"))
    if payment.status == PaymentStatus.CANCELED:
        return payment
    if payment.status in PAID_STATUSES or payment.status == PaymentStatus.PROCESSING:
        raise ServiceError(phrase("This payment has gone through; refund it instead."), code="already_paid")
    if not payment.provider_id and payment.checkout_id:
        _give_up_checkout(db, payment)
        return payment
    if not payment.provider_id:
        payment.status = PaymentStatus.CANCELED  # the provider never created it: nothing to undo there
        payment.updated_at = utcnow()
        db.add(payment)
        return payment
    _cancel_at_provider(db, actor, payment)
    return payment


# --- for the orders, bills and deposits services ---------------------------------------------------


def paid_payment_for(db: Session, purpose: str) -> Payment | None:
    """The payment that paid for `purpose` (the latest paid attempt), or None."""
    return db.exec(select(Payment).where(Payment.purpose == purpose, Payment.status.in_(list(PAID_STATUSES)))
                   .order_by(Payment.attempt.desc())).first()


def settle_order(db: Session, purpose: str) -> LedgerTransaction | None:
    """The order is done (signed for): move what escrow holds for it to the shop, minus the
    service fee for the shop's category. Posts once; None when nothing is held (all refunded)."""
    payment = paid_payment_for(db, purpose)
    merchant_id = payee_merchant_id(payment.payee) if payment else None
    if payment is None or merchant_id is None:
        raise ServiceError(phrase("There is no paid shop order to settle here."), code="not_paid")
    merchant = get_or_not_found(db, Merchant, merchant_id, phrase("shop"))
    return ledger_postings.order_settled(db, reference=purpose, merchant_id=merchant_id, category=merchant.category,
                                currency=payment.currency)


# --- kiosk terminal -----------------------------------------------------------------------------------


def start_terminal_payment(db: Session, actor: Actor, *, purpose: str, amount_minor: int, reader_id: str,
                           currency: str = "USD", payee: str = "") -> tuple[Payment, ReaderAction]:
    """A kiosk payment: a card_present payment, then the reader is asked to collect it."""
    payment = start_payment(db, actor, purpose=purpose, amount_minor=amount_minor, currency=currency,
                            payee=payee, card_present=True)
    provider = get_provider(payment.provider)
    try:
        action = provider.terminal_process(reader_id, payment.provider_id,
                                           f"{payment.idempotency_key}:terminal:{reader_id}")
    except ProviderUnavailable as exc:
        raise provider_unavailable(exc, "terminal", purpose) from exc
    except PaymentProviderError as exc:
        log.warning("terminal %s for %s refused: %s", reader_id, purpose, exc.detail or exc.message)
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    deliver_provider_events(db, provider, payment.provider_id)
    db.refresh(payment)
    return payment, action


def cancel_terminal_payment(db: Session, actor: Actor, payment_id: int, reader_id: str) -> Payment:
    """The kiosk timed out: stop the reader and cancel the payment (unless it went through)."""
    payment = load_payment(db, payment_id)
    provider = get_provider(payment.provider)
    try:
        provider.terminal_cancel(reader_id, f"{payment.idempotency_key}:terminal-cancel:{reader_id}")
    except ProviderUnavailable as exc:
        raise provider_unavailable(exc, "terminal cancel", payment.purpose) from exc
    except ProviderRejected as exc:
        log.info("terminal cancel on %s refused: %s", reader_id, exc.detail or exc.message)
    if payment.status in PAID_STATUSES:
        return payment
    return cancel_payment(db, actor, payment_id)

