"""Paying on the web by phone wallet (issue 20): the pay page (/pay/<id>) offers WeChat Pay and
Alipay beside the card when they are configured and take the payment's currency; choosing one
makes a new attempt of the same payment at that provider (the card attempt is given up first,
exactly as a changed amount gives it up: payments/intents.start_payment) and its QR
(payments/hosted_checkout.open_checkout, where the provider's checkout is a QR to draw). The page
then shows the QR and confirms with the provider until the money is in; the notification route
(api/wallet_notifications.py) may be quicker; either way the payment moves once. "Pay another way"
goes back to the card the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from community_hub.core.config import ConfigError, settings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.core.permissions import Actor, require_user
from community_hub.core.qr_images import png_data_uri
from community_hub.models.payments import Payment
from community_hub.payments import hosted_checkout, intents
from community_hub.payments.common import OPEN_STATUSES, load_payment
from community_hub.payments.providers.registry import configured_wallet_apps, get_provider

NAMES = {"wechatpay": phrase("WeChat Pay"), "alipay": phrase("Alipay")}
APPS = {"wechatpay": phrase("WeChat"), "alipay": phrase("Alipay")}  # the app the payer scans with


def _own_open(db: Session, actor: Actor, payment_id: int) -> Payment:
    require_user(actor)
    payment = load_payment(db, payment_id, lock=False) if isinstance(payment_id, int) else None
    if payment is None or payment.payer_user_id != actor.user_id:
        raise NotFound(phrase("payment"))
    return payment


def offered(db: Session, actor: Actor, payment_id: int) -> list[str]:
    """The phone wallets this payment may be paid with now, in the order the page shows them."""
    payment = _own_open(db, actor, payment_id)
    if payment.status not in OPEN_STATUSES:
        return []
    names = []
    for name in configured_wallet_apps():
        if name != payment.provider and payment.currency in getattr(get_provider(name), "currencies", ()):
            names.append(name)
    return names


def switch_to(db: Session, actor: Actor, payment_id: int, name: str) -> Payment:
    """A new attempt of this open payment at `name` ("wechatpay", "alipay", or "card" for the
    deployment's card provider); the old attempt stops taking money first. Refused in words: a
    provider not configured here, a currency it does not take, a payment paid or going through."""
    payment = _own_open(db, actor, payment_id)
    card = settings().payment_provider
    target = card if name == "card" else name
    if name != "card" and (name not in configured_wallet_apps()
                           or payment.currency not in getattr(get_provider(name), "currencies", ())):
        raise ServiceError(phrase("{provider} cannot take this payment here.", provider=NAMES.get(name, phrase("That"))),
                           code="not_offered")
    if payment.status not in OPEN_STATUSES:
        raise ServiceError(phrase("This payment cannot be paid now; open it again."), code="not_open")
    if payment.provider == target:
        return payment
    return intents.start_payment(db, actor, purpose=payment.purpose, amount_minor=payment.amount_minor,
                                 currency=payment.currency, payee=payment.payee, capture_method="automatic",
                                 description=payment.description, provider_name=target)


@dataclass(frozen=True)
class QrToPay:
    provider: str  # "wechatpay" | "alipay"
    app: str  # what to scan with, in words
    image: str  # the QR as a PNG data URI
    amount: str


def qr_to_pay(db: Session, actor: Actor, payment_id: int, origin: str) -> QrToPay | None:
    """The QR of this payment's phone-wallet attempt (made once per attempt, the same while it is
    open), or None when this attempt is not a phone-wallet one or no longer open."""
    payment = _own_open(db, actor, payment_id)
    provider = get_provider(payment.provider)
    if not getattr(provider, "qr_checkout", False) or payment.status not in OPEN_STATUSES:
        return None
    payload = hosted_checkout.open_checkout(db, actor, payment.id, origin)
    return QrToPay(payment.provider, APPS.get(payment.provider, payment.provider), png_data_uri(payload, scale=6),
                   format_money(payment.amount_minor, payment.currency))


def is_qr(db: Session, actor: Actor, payment_id: int) -> bool:
    """Whether this payment is paid by scanning a QR (its provider is a phone wallet)."""
    payment = _own_open(db, actor, payment_id)
    try:
        return bool(getattr(get_provider(payment.provider), "qr_checkout", False))
    except ConfigError:  # a provider no longer configured here: not a QR this page can show
        return False
