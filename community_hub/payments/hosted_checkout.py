"""Paying on the provider's own hosted page (a Stripe Checkout Session), for any purpose: an
order, a bill, an ad, a card fee, a sharing deposit.

`start_payment` records the payment without asking the provider (intents.py); the payer's Pay
button calls `open_checkout`, which creates the hosted page once per attempt (our idempotency
key, the amount, a description, the way back to our /pay/<id> page, and our payment's id in the
metadata of both the page and the PaymentIntent it makes) and sends the payer there. Nothing of
the provider's is loaded into our pages.

The payment moves only on the provider's word: the checkout.session.* webhooks (or the
PaymentIntent's own events), or a fresh read when the payer comes back (`refresh_checkout`), as
every other payment does (payments/status.py), so coming back without paying, a page that
expired, or a webhook that arrives before or after the payer changes nothing twice.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from sqlmodel import Session

from community_hub.core.config import ConfigError, allowed_origins, public_url
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_user
from community_hub.models.base import utcnow
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments.common import (
    OPEN_STATUSES,
    PAID_STATUSES,
    ask_provider,
    load_payment,
    log,
    provider_unavailable,
)
from community_hub.payments.providers.base import (
    ProviderCheckout,
    ProviderRejected,
    ProviderUnavailable,
)
from community_hub.payments.providers.registry import get_provider
from community_hub.payments.status import move_status

CHECKOUT_LIFETIME_S = 3600  # an hour to pay; then the page expires and a new one is made


def _own(db: Session, actor: Actor, payment_id: int) -> Payment:
    require_user(actor)
    payment = load_payment(db, payment_id) if isinstance(payment_id, int) else None
    if payment is None or payment.payer_user_id != actor.user_id:
        raise NotFound(phrase("payment"))
    return payment


def check_origin(origin: str) -> str:
    """Where the payer comes back to: this app's own address (HUB_PUBLIC_URL, or the address the page
    was opened on, when the app itself serves it), never somewhere a crafted call names."""
    origin, public = str(origin or "").rstrip("/"), public_url()
    parts = urlsplit(origin)
    if origin and parts.scheme in ("http", "https") and parts.netloc and origin in allowed_origins():
        return origin
    if public:
        return public
    raise ServiceError(phrase("This page's address is not the app's own; open the app at its usual address."))


def open_checkout(db: Session, actor: Actor, payment_id: int, origin: str) -> str:
    """The hosted page's URL for the payer's open payment: the one already made for this attempt
    while it is still open, else a new one. Commits what is on record before asking the provider."""
    payment = _own(db, actor, payment_id)
    provider = get_provider(payment.provider)
    if not getattr(provider, "hosted_checkout", False):
        raise ServiceError(phrase("This payment is taken on this page, not on the provider's."))
    if payment.status in PAID_STATUSES:
        raise ServiceError(phrase("This has already been paid."), code="already_paid")
    if payment.status == PaymentStatus.PROCESSING:
        raise ServiceError(phrase("A payment for this is already going through."), code="in_progress")
    if payment.status not in OPEN_STATUSES:
        raise ServiceError(phrase("This payment cannot be paid any more; start again from what it was for."),
                           code="not_open")
    back = check_origin(origin)
    if payment.checkout_id:
        current = ask_provider("read checkout", payment.purpose, lambda: provider.retrieve_checkout(payment.checkout_id))
        apply_checkout(db, payment, current)
        if payment.status in PAID_STATUSES:
            raise ServiceError(phrase("This has already been paid."), code="already_paid", keep=True)
        # A QR provider's query does not repeat the QR or its deadline: the QR on record is still
        # the one to show, until the lifetime it was made with (from when it was recorded) ends.
        url, expires_at = current.url, current.expires_at
        if not url and getattr(provider, "qr_checkout", False):
            url = payment.checkout_url
            expires_at = expires_at or int(payment.updated_at.timestamp()) + CHECKOUT_LIFETIME_S
        if current.status == "open" and url and expires_at > time.time() + 60:
            return url
        if current.status == "open":  # about to expire: closed before another is made, so one pays
            expire_open_checkout(db, payment)
            if payment.status in PAID_STATUSES:
                raise ServiceError(phrase("This has already been paid."), code="already_paid", keep=True)
    made = payment.confirm_count + 1  # every hosted page of an attempt gets its own idempotency key
    db.commit()  # on record before the provider hears of it
    metadata = {"hub_payment_id": str(payment.id), "purpose": payment.purpose}
    page = ask_provider("create checkout", payment.purpose, lambda: provider.create_checkout(
        payment.amount_minor, payment.currency, f"{payment.idempotency_key}:checkout:{made}", metadata,
        description=payment.description or payment.purpose, capture_method=payment.capture_method,
        success_url=f"{back}/pay/{payment.id}?back=1", cancel_url=f"{back}/pay/{payment.id}?cancelled=1",
        expires_in_s=CHECKOUT_LIFETIME_S))
    payment.checkout_id, payment.checkout_url = page.id, page.url
    payment.confirm_count = made
    payment.updated_at = utcnow()
    db.add(payment)
    return page.url or ""


def refresh_checkout(db: Session, actor: Actor, payment_id: int) -> Payment:
    """The payer came back (or waits on the confirming page): read the hosted page fresh."""
    payment = _own(db, actor, payment_id)
    if not payment.checkout_id or payment.status in PAID_STATUSES:
        return payment
    provider = get_provider(payment.provider)
    page = ask_provider("read checkout", payment.purpose, lambda: provider.retrieve_checkout(payment.checkout_id))
    apply_checkout(db, payment, page)
    return payment


def apply_checkout(db: Session, payment: Payment, page: ProviderCheckout, at: int | None = None) -> bool:
    """Bring the payment in line with its hosted page: paid, still processing (a bank debit), or
    expired with nothing paid. An older page of the same payment changes nothing."""
    if payment.checkout_id not in (None, page.id):
        if not (page.status == "complete" and page.payment_status in ("paid", "no_payment_required")):
            log.info("payment %s: checkout %s is not its current page %s", payment.id, page.id, payment.checkout_id)
            return False
        if payment.status in PAID_STATUSES:
            # Paid on two pages (two tabs, an old QR scanned): the second payment is the provider's
            # line with no payment of ours, which reconciliation lists for an admin to refund.
            log.error("payment %s: checkout %s was paid too, after %s paid it; refund %s at %s", payment.id,
                      page.id, payment.checkout_id, page.payment_id, payment.provider)
            return False
        # An earlier page of this payment was paid (an old QR scanned, a page replaced while the
        # payer was on it): the money arrived for this payment, so that page is the one that paid.
        log.warning("payment %s: paid on its earlier checkout %s (current %s)", payment.id, page.id,
                    payment.checkout_id)
        payment.checkout_id, payment.checkout_url = page.id, page.url or payment.checkout_url
    if page.payment_id and payment.provider_id is None:
        payment.provider_id = page.payment_id  # refunds and captures work on the PaymentIntent
    at = at or int(time.time())
    changed = False
    if page.status == "complete" and page.payment_status in ("paid", "no_payment_required"):
        if page.amount and page.amount != payment.amount_minor:
            log.error("payment %s: checkout %s paid %s, we asked %s", payment.id, page.id, page.amount,
                      payment.amount_minor)
        changed = move_status(db, payment, PaymentStatus.SUCCEEDED, at=at, amount_received=page.amount)
    elif page.status == "complete":
        changed = move_status(db, payment, PaymentStatus.PROCESSING, at=at)
    elif page.status == "expired" and payment.status in OPEN_STATUSES:
        # Nobody paid on it: the payment stays open, and the next Pay makes a new page.
        payment.checkout_id, payment.checkout_url = None, None
        changed = True
    db.add(payment)
    return changed


def expire_open_checkout(db: Session, payment: Payment) -> None:
    """The payment is given up (its amount changed, it was cancelled): its hosted page must not
    take money any more. If it was paid meanwhile, that is recorded instead (and the caller sees
    the payment paid)."""
    if not payment.checkout_id or payment.provider_id:
        return
    provider = get_provider(payment.provider)
    key = f"{payment.idempotency_key}:checkout:{payment.confirm_count}:expire"
    try:
        page = provider.expire_checkout(payment.checkout_id, key)
    except ProviderRejected:  # no longer open: completed or already expired
        page = ask_provider("read checkout", payment.purpose, lambda: provider.retrieve_checkout(payment.checkout_id))
    except ProviderUnavailable as exc:
        raise provider_unavailable(exc, "expire checkout", payment.purpose) from exc
    apply_checkout(db, payment, page)


def fail_checkout(db: Session, payment: Payment, page: ProviderCheckout, message: str, at: int) -> bool:
    """A bank debit started on the hosted page did not go through."""
    if page.payment_id and payment.provider_id is None:
        payment.provider_id = page.payment_id
    return move_status(db, payment, PaymentStatus.FAILED, at=at, message=message)


def is_hosted(payment: Payment) -> bool:
    """Whether this payment is paid on the provider's own page (its provider runs hosted checkout)."""
    try:
        return bool(getattr(get_provider(payment.provider), "hosted_checkout", False))
    except ConfigError:  # a provider no longer configured: shown as ours, whose Pay then refuses
        return False
