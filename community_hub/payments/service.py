"""Payments through a provider, recorded as our own `Payment` rows and posted to the ledger.

Rules this module keeps:
- A payment is for a purpose ("order:5", "bill:9", "deposit:3") and an attempt; its provider
  idempotency key is "{purpose}:pay:{attempt}". A timed-out create leaves the attempt unpaid on
  record; the retry sends the same key, so the provider answers with the same payment: one charge.
- Status moves only on a provider answer: a webhook event or a fresh API read (never on what the
  browser says). Older events cannot move a status back (reorder-safe).
- Money is posted to the ledger exactly once per business event (ledger unique keys), inside the
  same transaction as the status change; hooks registered with `on_payment_succeeded` run there
  too, so the orders state machine moves with the money.
- Before a provider call the row that names the operation is committed, so a provider that does
  not answer leaves a record to retry, never a lost or doubled charge, refund or payout.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.permissions import Actor, require_admin, require_user
from community_hub.models import AuditEntry, Merchant
from community_hub.models.base import utcnow
from community_hub.models.ledger import (
    AccountKind,
    LedgerPosting,
    LedgerTransaction,
    PayoutSchedule,
)
from community_hub.models.payments import (
    MerchantPayoutAccount,
    Payment,
    PaymentStatus,
    Payout,
    PayoutStatus,
    Refund,
    RefundStatus,
)
from community_hub.payments import ledger
from community_hub.payments.providers.base import (
    PaymentProvider,
    PaymentProviderError,
    ProviderDeclined,
    ProviderPayment,
    ProviderRefund,
    ProviderRejected,
    ProviderUnavailable,
    ReaderAction,
    WebhookEvent,
)
from community_hub.payments.providers.registry import get_provider

log = logging.getLogger("community_hub.payments")

SYSTEM = Actor(user_id=None, roles=frozenset({"platform_admin"}), display_name="system")
PURPOSE_KINDS = ("order", "bill", "deposit", "ad")
_PURPOSE = re.compile(r"^(order|bill|deposit|ad):[A-Za-z0-9_-]{1,40}$")
_ACCOUNT_ID = re.compile(r"^acct_[A-Za-z0-9_]{4,100}$")
PAID_STATUSES = (PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)
OPEN_STATUSES = (PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED)


# --- hooks: how orders, bills and deposits hear about their money ------------------------------

HookFn = Callable[[Session, Payment], None]
_hooks: dict[str, list[tuple[str, HookFn]]] = {"succeeded": [], "refunded": [], "failed": [], "canceled": []}


def _register(kind: str, purpose_prefix: str, fn: HookFn) -> None:
    entry = (purpose_prefix, fn)
    if entry not in _hooks[kind]:
        _hooks[kind].append(entry)


def on_payment_succeeded(purpose_prefix: str, fn: HookFn) -> None:
    """Call fn(db, payment) in the same transaction when a payment for "{prefix}:..." succeeds."""
    _register("succeeded", purpose_prefix, fn)


def on_payment_refunded(purpose_prefix: str, fn: HookFn) -> None:
    """Call fn(db, payment) after each refund of such a payment succeeds (see refunded_minor)."""
    _register("refunded", purpose_prefix, fn)


def on_payment_failed(purpose_prefix: str, fn: HookFn) -> None:
    _register("failed", purpose_prefix, fn)


def on_payment_canceled(purpose_prefix: str, fn: HookFn) -> None:
    _register("canceled", purpose_prefix, fn)


RefundCheck = Callable[[Session, Actor, Payment], bool]
_refund_checks: dict[str, RefundCheck] = {}


def allow_refunds(purpose_prefix: str, fn: RefundCheck) -> None:
    """Who else may refund "{prefix}:..." payments: fn(db, actor, payment) -> True (property staff
    for their bills, the office that sold an ad slot). The paid shop and admins always may."""
    _refund_checks[purpose_prefix] = fn


def clear_hooks() -> None:
    for hooks in _hooks.values():
        hooks.clear()


def _run_hooks(kind: str, db: Session, payment: Payment) -> None:
    prefix = payment.purpose.split(":", 1)[0]
    for hook_prefix, fn in list(_hooks[kind]):
        if hook_prefix == prefix:
            fn(db, payment)


# --- small helpers -------------------------------------------------------------------------------


def _require_admin_or_system(actor: Actor) -> None:
    if actor != SYSTEM:
        require_admin(actor)


def _audit(db: Session, actor: Actor, action: str, subject: str, detail: str = "") -> None:
    db.add(AuditEntry(actor_user_id=actor.user_id, action=action, subject=subject, detail=detail[:500]))


def money(amount_minor: int, currency: str) -> str:
    """12345, "USD" -> "12.34 USD" style text for messages."""
    exp = 0 if currency.upper() in ZERO_DECIMAL else 2
    if exp == 0:
        return f"{amount_minor} {currency.upper()}"
    sign = "-" if amount_minor < 0 else ""
    whole, cents = divmod(abs(amount_minor), 100)
    return f"{sign}{whole}.{cents:02d} {currency.upper()}"


ZERO_DECIMAL = {"JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF",
                "PTS"}  # PTS: the platform's points (services.points), whole numbers like these currencies


def _merchant_of_payee(payee: str) -> int | None:
    if payee.startswith("merchant:"):
        try:
            return int(payee.split(":", 1)[1])
        except ValueError:
            return None
    return None


def _load(db: Session, payment_id: int, lock: bool = True) -> Payment:
    q = select(Payment).where(Payment.id == payment_id)
    payment = db.exec(q.with_for_update() if lock else q).first()
    if payment is None:
        raise NotFound("payment")
    return payment


def may_see_payment(actor: Actor, payment: Payment) -> bool:
    merchant_id = _merchant_of_payee(payment.payee)
    return (actor.is_admin or (payment.payer_user_id is not None and payment.payer_user_id == actor.user_id)
            or (merchant_id is not None and actor.is_merchant_of(merchant_id)))


def _unavailable(exc: PaymentProviderError, what: str, subject: str) -> ServiceError:
    log.warning("%s for %s: provider unavailable (%s)", what, subject, exc.detail or exc.message)
    return ServiceError(exc.message, code="provider_unavailable", keep=True)


def _deliver_demo_events(db: Session, provider: PaymentProvider, object_id: str | None) -> None:
    """The demo provider's events go through the same webhook handler as Stripe's, at once."""
    take = getattr(provider, "take_events", None)
    if take is None or not object_id:
        return
    from community_hub.payments.webhooks import handle_webhook

    for raw, signature in take(object_id):
        handle_webhook(db, raw, signature, provider=provider)


# --- status ---------------------------------------------------------------------------------------

_ALLOWED_FROM = {
    PaymentStatus.PROCESSING: {PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED},
    PaymentStatus.REQUIRES_CAPTURE: {PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED,
                                     PaymentStatus.PROCESSING},
    PaymentStatus.FAILED: {PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.PROCESSING, PaymentStatus.FAILED},
    PaymentStatus.CANCELED: {PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED, PaymentStatus.PROCESSING,
                             PaymentStatus.REQUIRES_CAPTURE},
    # Money that moved is always recorded, whatever we thought before.
    PaymentStatus.SUCCEEDED: {PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED, PaymentStatus.PROCESSING,
                              PaymentStatus.REQUIRES_CAPTURE, PaymentStatus.CANCELED},
}


def our_status(provider_status: str, has_error: bool = False) -> str:
    return {
        "requires_payment_method": PaymentStatus.FAILED if has_error else PaymentStatus.REQUIRES_PAYMENT,
        "requires_confirmation": PaymentStatus.REQUIRES_PAYMENT,
        "requires_action": PaymentStatus.REQUIRES_PAYMENT,
        "processing": PaymentStatus.PROCESSING,
        "requires_capture": PaymentStatus.REQUIRES_CAPTURE,
        "succeeded": PaymentStatus.SUCCEEDED,
        "canceled": PaymentStatus.CANCELED,
    }.get(provider_status, PaymentStatus.REQUIRES_PAYMENT)


def _move(db: Session, payment: Payment, new: str, *, at: int, amount_received: int = 0,
          message: str = "") -> bool:
    """Apply a status the provider reported at epoch `at`. Returns whether anything changed."""
    current = payment.status
    if new == current and new != PaymentStatus.FAILED:
        return False
    if current not in _ALLOWED_FROM.get(new, set()):
        log.info("payment %s: %s -> %s ignored (out of order or stale)", payment.id, current, new)
        return False
    if new != PaymentStatus.SUCCEEDED and at < payment.status_event_at:
        log.info("payment %s: stale %s event ignored", payment.id, new)
        return False
    payment.status = new
    payment.status_event_at = max(payment.status_event_at, at)
    payment.updated_at = utcnow()
    if new == PaymentStatus.FAILED:
        payment.failure_message = message or "The card was declined."
        _run_hooks("failed", db, payment)
    elif new == PaymentStatus.CANCELED:
        _run_hooks("canceled", db, payment)
    elif new == PaymentStatus.SUCCEEDED:
        payment.captured_minor = amount_received or payment.amount_minor
        payment.succeeded_at = utcnow()
        payment.failure_message = ""
        db.add(payment)
        db.flush()
        _post_money_in(db, payment)
        _run_hooks("succeeded", db, payment)
    db.add(payment)
    db.flush()
    return True


def _post_money_in(db: Session, payment: Payment) -> None:
    kind = payment.purpose.split(":", 1)[0]
    common = dict(reference=payment.purpose, source=f"payment:{payment.id}", amount_minor=payment.captured_minor,
                  currency=payment.currency, provider=payment.provider)
    if kind == "order":
        ledger.order_paid(db, counterparty=payment.payee, **common)
    elif kind == "bill":
        company = int(payment.payee.split(":", 1)[1])
        ledger.property_fee_paid(db, company_id=company, **common)
    elif kind == "deposit":
        ledger.deposit_held(db, counterparty=payment.payee, **common)
    elif kind == "ad":
        ledger.ad_paid(db, counterparty=payment.payee, **common)
    else:  # pragma: no cover - start_payment refuses other purposes
        raise ServiceError(f"No ledger posting for payments of kind {kind!r}.")


def apply_provider_state(db: Session, payment: Payment, pp: ProviderPayment, at: int | None = None) -> bool:
    """Bring our record in line with what the provider says now (a fresh read or API answer)."""
    if payment.provider_id is None:
        payment.provider_id = pp.id
    if pp.client_secret and not payment.client_secret:
        payment.client_secret = pp.client_secret
    new = our_status(pp.status, has_error=bool(pp.last_error_code))
    changed = _move(db, payment, new, at=at or int(time.time()), amount_received=pp.amount_received,
                    message=pp.last_error_message or "")
    if pp.amount_refunded > payment.refunded_minor:
        log.warning("payment %s: provider shows %s refunded, we have %s; waiting for the refund events",
                    payment.id, pp.amount_refunded, payment.refunded_minor)
    db.add(payment)
    return changed


# --- starting and confirming payments ---------------------------------------------------------------


def _latest_attempt(db: Session, purpose: str) -> Payment | None:
    return db.exec(
        select(Payment).where(Payment.purpose == purpose).order_by(Payment.attempt.desc()).with_for_update()
    ).first()


def _check_payee(purpose: str, payee: str) -> None:
    kind = purpose.split(":", 1)[0]
    if kind == "bill" and not re.match(r"^property:\d+$", payee):
        raise ServiceError("A bill payment must name the property company it is for.")
    if kind == "order" and payee and not re.match(r"^merchant:\d+$", payee):
        raise ServiceError("An order payment must name the shop it is for.")


def start_payment(db: Session, actor: Actor, *, purpose: str, amount_minor: int, currency: str = "USD",
                  payee: str = "", capture_method: str = "automatic", description: str = "",
                  card_present: bool = False, provider_name: str | None = None) -> Payment:
    """Open (or reopen) the payment for `purpose`. Idempotent per purpose and attempt:
    a live unpaid attempt with the same amount is returned as it is; one whose create never got an
    answer is created again with the same idempotency key; a changed amount or a canceled attempt
    starts attempt n+1. Commits the attempt before calling the provider."""
    require_user(actor)
    if not _PURPOSE.match(purpose or ""):
        raise ServiceError("A payment must be for an order, a bill, a deposit or an ad.")
    if not isinstance(amount_minor, int) or amount_minor <= 0:
        raise ServiceError("The amount to pay must be more than zero.")
    if capture_method not in ("automatic", "manual"):
        raise ServiceError("Capture is automatic or manual.")
    _check_payee(purpose, payee)
    cur = (currency or "").upper()
    if not re.match(r"^[A-Z]{3}$", cur):
        raise ServiceError(f"{currency!r} is not a currency code.")
    provider = get_provider(provider_name)
    latest = _latest_attempt(db, purpose)
    payment: Payment | None = None
    attempt = 1
    if latest is not None:
        if latest.payer_user_id not in (None, actor.user_id) and not actor.is_admin:
            raise PermissionDenied("Someone else is paying for this.")
        if latest.status in PAID_STATUSES:
            raise ServiceError("This has already been paid.", code="already_paid")
        if latest.status in (PaymentStatus.PROCESSING, PaymentStatus.REQUIRES_CAPTURE):
            raise ServiceError("A payment for this is already going through.", code="in_progress")
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
    metadata = {"hub_payment_id": str(payment.id), "purpose": purpose}
    try:
        pp = provider.create_payment(amount_minor, cur, payment.idempotency_key, metadata, capture_method,
                                     card_present=card_present)
    except ProviderUnavailable as exc:
        raise _unavailable(exc, "start payment", purpose) from exc
    except PaymentProviderError as exc:
        log.warning("start payment for %s refused: %s", purpose, exc.detail or exc.message)
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    apply_provider_state(db, payment, pp)
    _deliver_demo_events(db, provider, pp.id)
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
    _deliver_demo_events(db, provider, payment.provider_id)
    if payment.status in PAID_STATUSES:
        raise ServiceError("This has already been paid.", code="already_paid", keep=True)
    return payment


def _cancel_at_provider(db: Session, actor: Actor, payment: Payment) -> None:
    provider = get_provider(payment.provider)
    try:
        pp = provider.cancel(payment.provider_id, f"{payment.idempotency_key}:cancel")
    except ProviderUnavailable as exc:
        raise _unavailable(exc, "cancel payment", payment.purpose) from exc
    except ProviderRejected:
        pp = provider.retrieve(payment.provider_id)  # it may have succeeded meanwhile
    apply_provider_state(db, payment, pp)
    _deliver_demo_events(db, provider, payment.provider_id)
    if payment.status in PAID_STATUSES:
        raise ServiceError("This has already been paid.", code="already_paid")


def confirm_payment(db: Session, actor: Actor, payment_id: int, payment_method: str) -> Payment:
    """Charge an open payment with a payment method (the demo payment page sends the card number;
    Stripe's card form confirms in the browser, so with Stripe this is for saved methods and
    tests). A decline records the reason and raises a ServiceError the resident can read; the
    payment stays open for another card."""
    payment = _load(db, payment_id)
    if not may_see_payment(actor, payment) or (payment.payer_user_id not in (None, actor.user_id) and not actor.is_admin):
        raise NotFound("payment")
    if payment.status in PAID_STATUSES:
        raise ServiceError("This has already been paid.", code="already_paid")
    if payment.status not in OPEN_STATUSES or not payment.provider_id:
        raise ServiceError("This payment cannot take a card now.", code="not_open")
    payment.confirm_count += 1
    db.add(payment)
    db.commit()
    provider = get_provider(payment.provider)
    key = f"{payment.idempotency_key}:confirm:{payment.confirm_count}"
    try:
        pp = provider.confirm(payment.provider_id, payment_method, key)
    except ProviderDeclined as exc:
        _deliver_demo_events(db, provider, payment.provider_id)
        _move(db, payment, PaymentStatus.FAILED, at=int(time.time()), message=exc.message)
        log.info("payment %s for %s declined: %s", payment.id, payment.purpose, exc.decline_code)
        raise ServiceError(exc.message, code="declined", keep=True) from exc
    except ProviderUnavailable as exc:
        raise _unavailable(exc, "confirm payment", payment.purpose) from exc
    except PaymentProviderError as exc:
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    apply_provider_state(db, payment, pp)
    _deliver_demo_events(db, provider, payment.provider_id)
    return payment


def confirm_from_provider(db: Session, actor: Actor, payment_id: int) -> Payment:
    """A fresh read from the provider (the return page after the card form, a stuck payment)."""
    payment = _load(db, payment_id)
    if not may_see_payment(actor, payment) and not actor.has("kiosk"):
        raise NotFound("payment")
    if not payment.provider_id:
        return payment
    provider = get_provider(payment.provider)
    try:
        pp = provider.retrieve(payment.provider_id)
    except ProviderUnavailable as exc:
        raise _unavailable(exc, "refresh payment", payment.purpose) from exc
    except PaymentProviderError as exc:
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    apply_provider_state(db, payment, pp)
    _deliver_demo_events(db, provider, payment.provider_id)
    return payment


def capture_payment(db: Session, actor: Actor, payment_id: int, amount_minor: int | None = None) -> Payment:
    """Take a hold (all of it, or less). The shop being paid or an admin."""
    payment = _load(db, payment_id)
    merchant_id = _merchant_of_payee(payment.payee)
    check = _refund_checks.get(payment.purpose.split(":", 1)[0])
    if not (actor.is_admin or (merchant_id is not None and actor.is_merchant_of(merchant_id))
            or (check is not None and actor.is_authenticated and check(db, actor, payment))):
        raise PermissionDenied("Only the shop being paid can take this payment.")
    if payment.status in PAID_STATUSES:
        return payment
    if payment.status != PaymentStatus.REQUIRES_CAPTURE:
        raise ServiceError("There is no hold on this payment to take.", code="no_hold")
    if amount_minor is not None and not 0 < amount_minor <= payment.amount_minor:
        raise ServiceError(f"You can take at most {money(payment.amount_minor, payment.currency)}.")
    provider = get_provider(payment.provider)
    try:
        pp = provider.capture(payment.provider_id, f"{payment.idempotency_key}:capture", amount_minor)
    except ProviderUnavailable as exc:
        raise _unavailable(exc, "capture", payment.purpose) from exc
    except PaymentProviderError as exc:
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    apply_provider_state(db, payment, pp)
    _deliver_demo_events(db, provider, payment.provider_id)
    _audit(db, actor, "payment.capture", f"payment:{payment.id}", money(payment.captured_minor, payment.currency))
    return payment


def cancel_payment(db: Session, actor: Actor, payment_id: int) -> Payment:
    """Give up an unpaid payment or release a hold (the payer, the shop, a kiosk or an admin)."""
    payment = _load(db, payment_id)
    if not (may_see_payment(actor, payment) or actor.has("kiosk")):
        raise NotFound("payment")
    if payment.status == PaymentStatus.CANCELED:
        return payment
    if payment.status in PAID_STATUSES or payment.status == PaymentStatus.PROCESSING:
        raise ServiceError("This payment has gone through; refund it instead.", code="already_paid")
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
    merchant_id = _merchant_of_payee(payment.payee) if payment else None
    if payment is None or merchant_id is None:
        raise ServiceError("There is no paid shop order to settle here.", code="not_paid")
    merchant = db.get(Merchant, merchant_id)
    if merchant is None:
        raise NotFound("shop")
    return ledger.order_settled(db, reference=purpose, merchant_id=merchant_id, category=merchant.category,
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
        raise _unavailable(exc, "terminal", purpose) from exc
    except PaymentProviderError as exc:
        log.warning("terminal %s for %s refused: %s", reader_id, purpose, exc.detail or exc.message)
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    _deliver_demo_events(db, provider, payment.provider_id)
    db.refresh(payment)
    return payment, action


def cancel_terminal_payment(db: Session, actor: Actor, payment_id: int, reader_id: str) -> Payment:
    """The kiosk timed out: stop the reader and cancel the payment (unless it went through)."""
    payment = _load(db, payment_id)
    provider = get_provider(payment.provider)
    try:
        provider.terminal_cancel(reader_id, f"{payment.idempotency_key}:terminal-cancel:{reader_id}")
    except ProviderUnavailable as exc:
        raise _unavailable(exc, "terminal cancel", payment.purpose) from exc
    except ProviderRejected as exc:
        log.info("terminal cancel on %s refused: %s", reader_id, exc.detail or exc.message)
    if payment.status in PAID_STATUSES:
        return payment
    return cancel_payment(db, actor, payment_id)


# --- refunds --------------------------------------------------------------------------------------------


def refundable(db: Session, payment: Payment) -> int:
    """What can still be refunded: captured minus refunded minus refunds on their way."""
    pending = db.exec(
        select(func.coalesce(func.sum(Refund.amount_minor), 0)).where(
            Refund.payment_id == payment.id, Refund.status == RefundStatus.PENDING)
    ).one()
    return max(0, payment.captured_minor - payment.refunded_minor - int(pending))


def unsent_refund(db: Session, payment: Payment) -> Refund | None:
    """A refund on record that the provider never acknowledged (it is re-sent, same key, on retry)."""
    return db.exec(select(Refund).where(Refund.payment_id == payment.id, Refund.status == RefundStatus.PENDING,
                                        Refund.provider_refund_id.is_(None))).first()


def refund_payment(db: Session, actor: Actor, payment_id: int, amount_minor: int | None = None,
                   reason: str = "") -> Refund:
    """Refund all (None) or part of a paid payment. The shop that was paid, or an admin.

    Refused with nothing posted: more than is left to refund, a payment not paid. A refund whose
    provider call got no answer stays pending and is sent again (same key) on the next try."""
    payment = _load(db, payment_id)
    merchant_id = _merchant_of_payee(payment.payee)
    check = _refund_checks.get(payment.purpose.split(":", 1)[0])
    if not (actor.is_admin or (merchant_id is not None and actor.is_merchant_of(merchant_id))
            or (check is not None and actor.is_authenticated and check(db, actor, payment))):
        log.warning("refund of payment %s refused: user %s may not", payment.id, actor.user_id)
        raise PermissionDenied("Only the shop that was paid, or a platform admin, can refund this.")
    if payment.status not in (PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED):
        raise ServiceError("Only a completed payment can be refunded.", code="not_paid")
    stuck = unsent_refund(db, payment)
    if stuck is not None:
        if amount_minor not in (None, stuck.amount_minor):
            raise ServiceError(
                f"A refund of {money(stuck.amount_minor, stuck.currency)} is still being sent; "
                "try again in a moment.", code="refund_pending")
        refund = stuck
    else:
        left = refundable(db, payment)
        amount = left if amount_minor is None else amount_minor
        if not isinstance(amount, int) or amount <= 0:
            raise ServiceError("There is nothing left to refund." if left == 0 else
                               "The refund must be more than zero.", code="refund_invalid")
        if amount > left:
            log.warning("refund of %s on payment %s refused: only %s left", amount, payment.id, left)
            raise ServiceError(
                f"You can refund at most {money(left, payment.currency)} of this payment.",
                code="refund_too_large")
        refund = Refund(payment_id=payment.id, amount_minor=amount, currency=payment.currency,
                        reason=reason[:200], requested_by=actor.user_id, idempotency_key="pending")
        db.add(refund)
        db.flush()
        refund.idempotency_key = f"{payment.purpose}:refund:{refund.id}"
        _audit(db, actor, "payment.refund", f"payment:{payment.id}",
               f"{money(amount, payment.currency)} {reason}".strip())
    db.add(refund)
    db.commit()  # the refund is on record before the provider hears of it
    provider = get_provider(payment.provider)
    try:
        pr = provider.refund(payment.provider_id, refund.idempotency_key, refund.amount_minor,
                             metadata={"hub_refund_id": str(refund.id), "purpose": payment.purpose})
    except ProviderUnavailable as exc:
        raise _unavailable(exc, "refund", payment.purpose) from exc
    except PaymentProviderError as exc:
        refund.status = RefundStatus.FAILED
        db.add(refund)
        log.warning("refund %s refused by provider: %s", refund.id, exc.detail or exc.message)
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    apply_refund_state(db, payment, refund, pr)
    _deliver_demo_events(db, provider, payment.provider_id)
    return refund


def apply_refund_state(db: Session, payment: Payment, refund: Refund, pr: ProviderRefund) -> bool:
    """Record what the provider says about a refund; the first time it succeeds, post it."""
    if refund.provider_refund_id is None:
        refund.provider_refund_id = pr.id
    if refund.status != RefundStatus.PENDING:
        return False  # succeeded, failed and canceled are final here
    if pr.status in ("pending", "requires_action"):
        return False
    if pr.status != "succeeded":
        refund.status = RefundStatus.FAILED if pr.status == "failed" else RefundStatus.CANCELED
        db.add(refund)
        log.warning("refund %s for payment %s %s at the provider", refund.id, payment.id, pr.status)
        return True
    kind = payment.purpose.split(":", 1)[0]
    if kind == "deposit":
        ledger.deposit_released(db, reference=payment.purpose, source=f"refund:{refund.id}",
                                currency=payment.currency, provider=payment.provider,
                                amount_minor=refund.amount_minor, counterparty=payment.payee)
    else:
        ledger.refund(db, reference=payment.purpose, source=f"refund:{refund.id}", amount_minor=refund.amount_minor,
                      currency=payment.currency, provider=payment.provider, counterparty=payment.payee)
    refund.status = RefundStatus.SUCCEEDED
    refund.succeeded_at = utcnow()
    payment.refunded_minor += refund.amount_minor
    payment.status = (PaymentStatus.REFUNDED if payment.refunded_minor >= payment.captured_minor
                      else PaymentStatus.PARTIALLY_REFUNDED)
    payment.updated_at = utcnow()
    db.add(refund)
    db.add(payment)
    db.flush()
    _run_hooks("refunded", db, payment)
    return True


# --- webhook effects ----------------------------------------------------------------------------------


class EventNotReady(Exception):
    """An event that cannot be applied yet; the webhook answers 503 so the provider retries."""


@dataclass(frozen=True)
class EventOutcome:
    outcome: str  # applied | no_change | unknown_payment | ignored
    payment_id: int | None = None
    message: str = ""


_INTENT_EVENTS = {
    "payment_intent.succeeded": PaymentStatus.SUCCEEDED,
    "payment_intent.payment_failed": PaymentStatus.FAILED,
    "payment_intent.canceled": PaymentStatus.CANCELED,
    "payment_intent.processing": PaymentStatus.PROCESSING,
    "payment_intent.amount_capturable_updated": PaymentStatus.REQUIRES_CAPTURE,
}
_REFUND_EVENTS = ("refund.created", "refund.updated", "refund.failed", "charge.refund.updated")


def _find_payment(db: Session, provider: str, provider_id: str | None, metadata: dict) -> Payment | None:
    if provider_id:
        found = db.exec(select(Payment).where(Payment.provider_id == provider_id).with_for_update()).first()
        if found:
            return found
    hub_id = str((metadata or {}).get("hub_payment_id", ""))
    if hub_id.isdigit():
        found = db.exec(select(Payment).where(Payment.id == int(hub_id)).with_for_update()).first()
        # Our create timed out but the provider made it: adopt the id it reports.
        if found and found.provider == provider and found.provider_id in (None, provider_id):
            found.provider_id = provider_id
            return found
    return None


def apply_webhook_event(db: Session, event: WebhookEvent) -> EventOutcome:
    """The effect of one verified provider event (de-duplication is the caller's job:
    payments.webhooks.handle_webhook)."""
    obj = event.object
    if event.type in _INTENT_EVENTS:
        payment = _find_payment(db, event.provider, obj.get("id"), obj.get("metadata") or {})
        if payment is None:
            log.warning("webhook %s %s: no payment of ours for %s", event.id, event.type, obj.get("id"))
            return EventOutcome("unknown_payment", message=f"no payment for {obj.get('id')}")
        err = obj.get("last_payment_error") or {}
        changed = _move(db, payment, _INTENT_EVENTS[event.type], at=event.created,
                        amount_received=int(obj.get("amount_received") or 0), message=err.get("message") or "")
        return EventOutcome("applied" if changed else "no_change", payment.id)
    if event.type in _REFUND_EVENTS:
        return _apply_refund_event(db, event)
    return EventOutcome("ignored", message=f"{event.type} needs nothing from us")


def _apply_refund_event(db: Session, event: WebhookEvent) -> EventOutcome:
    obj = event.object
    payment = _find_payment(db, event.provider, obj.get("payment_intent"), {})
    if payment is None:
        log.warning("webhook %s: refund %s for a payment we do not know", event.id, obj.get("id"))
        return EventOutcome("unknown_payment", message=f"no payment for refund {obj.get('id')}")
    if payment.status not in PAID_STATUSES:
        # The refund's event overtook the payment's: read the payment fresh first.
        pp = get_provider(payment.provider).retrieve(payment.provider_id)
        apply_provider_state(db, payment, pp)
        if payment.status not in PAID_STATUSES:
            raise EventNotReady(f"refund event for payment {payment.id}, which is not paid yet")
    refund = db.exec(select(Refund).where(Refund.provider_refund_id == obj.get("id"))).first()
    if refund is None:
        hub_id = str((obj.get("metadata") or {}).get("hub_refund_id", ""))
        if hub_id.isdigit():
            refund = db.exec(select(Refund).where(Refund.id == int(hub_id), Refund.payment_id == payment.id)).first()
    if refund is None:
        # Refunded outside the app (the provider's dashboard): record it so the books agree.
        refund = Refund(payment_id=payment.id, amount_minor=int(obj["amount"]), currency=payment.currency,
                        provider_refund_id=obj.get("id"), reason="refunded at the provider",
                        idempotency_key=f"external:{obj.get('id')}")
        db.add(refund)
        db.flush()
    pr = ProviderRefund(id=obj.get("id"), payment_id=payment.provider_id, amount=int(obj.get("amount") or 0),
                        currency=str(obj.get("currency", payment.currency)).upper(), status=str(obj.get("status")))
    changed = apply_refund_state(db, payment, refund, pr)
    return EventOutcome("applied" if changed else "no_change", payment.id)


# --- payouts ----------------------------------------------------------------------------------------


def set_payout_account(db: Session, actor: Actor, merchant_id: int, account_id: str,
                       provider_name: str | None = None) -> MerchantPayoutAccount:
    """Connect (or change) the shop's payout account, e.g. a Stripe Connect "acct_..." id."""
    require_user(actor)
    if not (actor.is_admin or actor.is_merchant_of(merchant_id)):
        raise PermissionDenied("You can only manage your own shop.")
    if db.get(Merchant, merchant_id) is None:
        raise NotFound("shop")
    account_id = (account_id or "").strip()
    if not _ACCOUNT_ID.match(account_id):
        raise ServiceError("A connected account id looks like acct_1A2b3C4d.")
    row = db.exec(select(MerchantPayoutAccount).where(MerchantPayoutAccount.merchant_id == merchant_id)).first()
    provider = provider_name or get_provider().name
    if row is None:
        row = MerchantPayoutAccount(merchant_id=merchant_id, provider=provider, account_id=account_id)
    else:
        row.account_id, row.provider = account_id, provider
    db.add(row)
    _audit(db, actor, "payout.account", f"merchant:{merchant_id}", account_id)
    db.flush()
    return row


def payout_available(db: Session, owner: str, currency: str) -> int:
    """Owed to `owner` in the ledger, less payouts already on their way."""
    pending = db.exec(select(func.coalesce(func.sum(Payout.amount_minor), 0)).where(
        Payout.owner == owner, Payout.currency == currency, Payout.status == PayoutStatus.PENDING)).one()
    return ledger.owed_to(db, owner, currency) - int(pending)


def send_payout(db: Session, actor: Actor, merchant_id: int, amount_minor: int | None = None,
                currency: str | None = None) -> Payout:
    """Transfer what the shop is owed (or `amount_minor` of it) to its connected account.
    Platform admin only (or the payout schedule run as SYSTEM)."""
    _require_admin_or_system(actor)
    merchant = db.get(Merchant, merchant_id)
    if merchant is None:
        raise NotFound("shop")
    owner = f"merchant:{merchant_id}"
    cur = (currency or merchant.currency).upper()
    account = db.exec(select(MerchantPayoutAccount).where(MerchantPayoutAccount.merchant_id == merchant_id)).first()
    if account is None:
        log.warning("payout to %s refused: no connected account", owner)
        raise ServiceError(f"{merchant.name} has not connected a payout account yet, so nothing was sent.",
                           code="no_payout_account")
    stuck = db.exec(select(Payout).where(Payout.owner == owner, Payout.status == PayoutStatus.PENDING)).first()
    if stuck is not None:
        return _send(db, stuck)
    ledger.account(db, AccountKind.MERCHANT_PAYABLE, owner, cur)  # a row to lock even before any sale
    available = payout_available(db, owner, cur)
    amount = available if amount_minor is None else amount_minor
    if not isinstance(amount, int) or amount <= 0:
        raise ServiceError(f"{merchant.name} has nothing to pay out.", code="nothing_to_pay")
    if amount > available:
        raise ServiceError(f"{merchant.name} is owed only {money(available, cur)}.", code="payout_too_large")
    payout = Payout(owner=owner, amount_minor=amount, currency=cur, provider=account.provider,
                    destination=account.account_id, requested_by=actor.user_id, idempotency_key="pending")
    db.add(payout)
    db.flush()
    payout.idempotency_key = f"payout:{payout.id}:transfer"
    _audit(db, actor, "payout.send", owner, money(amount, cur))
    return _send(db, payout)


def retry_payout(db: Session, actor: Actor, payout_id: int) -> Payout:
    """Send a payout that got no answer again, with the same idempotency key."""
    _require_admin_or_system(actor)
    payout = db.get(Payout, payout_id)
    if payout is None:
        raise NotFound("payout")
    if payout.status != PayoutStatus.PENDING:
        return payout
    return _send(db, payout)


def _send(db: Session, payout: Payout) -> Payout:
    db.add(payout)
    db.commit()  # the payout is on record before the provider hears of it
    provider = get_provider(payout.provider)
    try:
        tr = provider.transfer(payout.destination, payout.amount_minor, payout.currency, payout.idempotency_key,
                               metadata={"hub_payout_id": str(payout.id), "owner": payout.owner})
    except ProviderUnavailable as exc:
        raise _unavailable(exc, "payout", payout.owner) from exc
    except PaymentProviderError as exc:
        payout.status = PayoutStatus.FAILED
        payout.failure_message = exc.message
        db.add(payout)
        log.warning("payout %s refused by provider: %s", payout.id, exc.detail or exc.message)
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    ledger.payout_sent(db, reference=f"payout:{payout.id}", owner=payout.owner, amount_minor=payout.amount_minor,
                       currency=payout.currency, provider=payout.provider)
    payout.provider_transfer_id = tr.id
    payout.status = PayoutStatus.SENT
    payout.sent_at = utcnow()
    db.add(payout)
    db.flush()
    _deliver_demo_events(db, provider, tr.id)
    return payout


def payout_schedule(db: Session) -> PayoutSchedule:
    return db.get(PayoutSchedule, 1) or PayoutSchedule(id=1)


@dataclass(frozen=True)
class PayoutRun:
    merchant_id: int
    amount_minor: int
    currency: str
    outcome: str  # sent | skipped | failed
    message: str = ""
    payout_id: int | None = None


def due_amount(db: Session, merchant_id: int, currency: str, now: datetime, hold_days: int) -> int:
    """What may be paid out now: owed, less what settled within the hold period."""
    owner = f"merchant:{merchant_id}"
    recent = db.exec(
        select(func.coalesce(func.sum(LedgerPosting.amount_minor), 0))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerPosting.transaction_id)
        .where(LedgerTransaction.kind == "order_settled", LedgerTransaction.counterparty == owner,
               LedgerTransaction.created_at > now - timedelta(days=hold_days),
               LedgerPosting.currency == currency, LedgerPosting.amount_minor < 0,
               LedgerPosting.account_id.in_(
                   select(ledger.LedgerAccount.id).where(ledger.LedgerAccount.owner == owner)))
    ).one()
    return payout_available(db, owner, currency) - (-int(recent))


def run_due_payouts(db: Session, actor: Actor, now: datetime | None = None) -> list[PayoutRun]:
    """Pay every shop that is due under the admin's payout schedule. Shops without a connected
    account, or with too little due, are listed as skipped with the reason."""
    _require_admin_or_system(actor)
    now = now or utcnow()
    sched = payout_schedule(db)
    results: list[PayoutRun] = []
    for merchant in db.exec(select(Merchant).order_by(Merchant.id)).all():
        owner = f"merchant:{merchant.id}"
        last = db.exec(select(Payout).where(Payout.owner == owner, Payout.status == PayoutStatus.SENT)
                       .order_by(Payout.sent_at.desc())).first()
        if last is not None and last.sent_at and last.sent_at > now - timedelta(days=sched.interval_days):
            continue
        cur = merchant.currency.upper()
        due = due_amount(db, merchant.id, cur, now, sched.hold_days)
        if due < max(1, sched.min_amount_minor):
            continue
        try:
            payout = send_payout(db, actor, merchant.id, due, cur)
        except ServiceError as exc:
            results.append(PayoutRun(merchant.id, due, cur, "skipped" if exc.code == "no_payout_account"
                                     else "failed", exc.message))
            if exc.keep:
                db.commit()
            continue
        results.append(PayoutRun(merchant.id, due, cur, "sent" if payout.status == PayoutStatus.SENT else "failed",
                                 payout.failure_message, payout.id))
    return results
