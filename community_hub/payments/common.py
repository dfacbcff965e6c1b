"""Small rules every payments module shares: who the system actor is, which statuses count as
paid, loading a payment, who may see it, and how a provider outage reads to a person."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models import AuditEntry
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments.providers.base import PaymentProviderError, ProviderUnavailable

log = logging.getLogger("community_hub.payments")
T = TypeVar("T")

# Background steps (payouts, expiring holds) act as the platform itself: every back-office role.
SYSTEM = Actor(user_id=None, roles=frozenset({"platform_admin"}), display_name="system",
               admin_permissions=frozenset({AdminPermission.SUPER}))
PURPOSE_KINDS = ("order", "bill", "bills", "deposit", "ad", "card_fee", "share", "cover", "topup")
PAID_STATUSES = (PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)
OPEN_STATUSES = (PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED)


def require_admin_or_system(actor: Actor) -> None:
    """Money leaving the platform (payouts): the schedule, or an admin holding finance."""
    if actor == SYSTEM:
        return
    require_admin_permission(actor, AdminPermission.FINANCE)


def audit(db: Session, actor: Actor, action: str, subject: str, detail: str = "") -> None:
    db.add(AuditEntry(actor_user_id=actor.user_id, action=action, subject=subject, detail=detail[:500]))


def payee_merchant_id(payee: str) -> int | None:
    if payee.startswith("merchant:"):
        try:
            return int(payee.split(":", 1)[1])
        except ValueError:
            return None
    return None


def purpose_id(payment: Payment, kind: str) -> int | None:
    """The id a payment's purpose names when it is of this kind ("order:12" -> 12 for "order"),
    else None: how a hook tells its own payments from the others'."""
    prefix, _, rest = payment.purpose.partition(":")
    return int(rest) if prefix == kind and rest.isdigit() else None


def load_payment(db: Session, payment_id: int, lock: bool = True) -> Payment:
    q = select(Payment).where(Payment.id == payment_id)
    payment = db.exec(q.with_for_update() if lock else q).first()
    if payment is None:
        raise NotFound(phrase("payment"))
    return payment


def may_see_payment(actor: Actor, payment: Payment) -> bool:
    merchant_id = payee_merchant_id(payment.payee)
    return (actor.holds(AdminPermission.FINANCE) or actor.holds(AdminPermission.CUSTOMER_SERVICE)
            or (payment.payer_user_id is not None and payment.payer_user_id == actor.user_id)
            or (merchant_id is not None and actor.is_merchant_of(merchant_id)))


def provider_unavailable(exc: PaymentProviderError, what: str, subject: str) -> ServiceError:
    log.warning("%s for %s: provider unavailable (%s)", what, subject, exc.detail or exc.message)
    return ServiceError(exc.message, code="provider_unavailable", keep=True)


def ask_provider(what: str, subject: str, call: Callable[[], T]) -> T:
    """`call()` a provider; an outage or a refusal becomes a ServiceError a person can read (kept:
    the caller's transaction is not rolled back, so what was on record stays)."""
    try:
        return call()
    except ProviderUnavailable as exc:
        raise provider_unavailable(exc, what, subject) from exc
    except PaymentProviderError as exc:
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
