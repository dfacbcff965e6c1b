"""Paying at the lobby kiosk with a phone wallet (WeChat Pay, Alipay; issue 20) instead of the card
terminal: the provider's QR is drawn large on the kiosk screen with the amount, the member scans it
with the wallet app, and the screen confirms by itself by asking the provider (its query) until the
payment is paid; Cancel closes the provider's order.

Every step checks the kiosk's own authorization (`this_kiosk`: the device account of a registered,
not revoked kiosk) and the member's kiosk session, as the terminal's steps do (kiosk/pay.py). The
payment is the same hosted-checkout payment the web pay page makes (payments/hosted_checkout.py):
it moves only on the provider's word — its notification or its query — never on the screen's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session

from community_hub.core.config import ConfigError
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import Text, phrase
from community_hub.core.permissions import Actor
from community_hub.core.qr_images import png_data_uri
from community_hub.kiosk import pay as kiosk_pay
from community_hub.kiosk.session import member_actor, this_kiosk
from community_hub.marketplace.cart import money
from community_hub.models import Community
from community_hub.models.billing import Bill
from community_hub.models.orders import Order
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import hosted_checkout, intents
from community_hub.payments.common import PAID_STATUSES, ask_provider
from community_hub.payments.providers.registry import configured_wallet_apps, get_provider

log = logging.getLogger("community_hub.kiosk")

SCAN_TEXT = {"wechatpay": phrase("Scan with WeChat to pay"), "alipay": phrase("Scan with Alipay to pay")}
APP_NAMES = {"wechatpay": phrase("WeChat Pay"), "alipay": phrase("Alipay")}


@dataclass(frozen=True)
class QrCharge:
    """What the kiosk screen shows while the member scans."""

    payment_id: int
    provider: str
    app_name: Text  # "WeChat Pay"
    qr_image: str  # a PNG data URI of the provider's QR payload
    amount: str  # "¥25.00"
    label: str
    scan_text: Text  # "Scan with WeChat to pay"


def offered(db: Session, kiosk_actor: Actor, currency: str) -> list[str]:
    """The phone wallets the kiosk offers for a payment in `currency`: configured, and taking it."""
    this_kiosk(db, kiosk_actor)
    return _offered(currency)


def _offered(currency: str) -> list[str]:
    names = []
    for name in configured_wallet_apps():
        try:
            provider = get_provider(name)
        except ConfigError as exc:  # half-configured: not offered, and the log says why
            log.warning("wallet app %s not offered at the kiosk: %s", name, exc)
            continue
        if str(currency or "").upper() in getattr(provider, "currencies", frozenset()):
            names.append(name)
    return names


def _payee(db: Session, kind: str, item_id: int) -> str:
    if kind == "order":
        return f"merchant:{db.get(Order, item_id).merchant_id}"
    community = db.get(Community, db.get(Bill, item_id).community_id)
    if community.property_company_id is None:
        raise ServiceError(phrase("Bills of this community cannot be paid at the kiosk yet; please see the office."),
                           code="no_payee")
    return f"property:{community.property_company_id}"


def start_qr(db: Session, kiosk_actor: Actor, member_token: str, kind: str, item_id: int, provider_name: str,
             origin: str) -> QrCharge:
    """Open a QR payment for the member's order or bill with a phone wallet the kiosk offers for
    its currency. Asking again while it is open shows the same QR (one order at the provider)."""
    this_kiosk(db, kiosk_actor)
    member = member_actor(db, kiosk_actor, member_token)
    item = next((p for p in kiosk_pay.payable(db, kiosk_actor, member_token) if p.kind == kind and p.id == item_id),
                None)
    if item is None:
        raise ServiceError(phrase("That is not waiting for payment any more."), code="not_payable")
    if provider_name not in _offered(item.currency):
        raise ServiceError(phrase("That way of paying is not available for this payment here."), code="not_offered")
    payment = intents.start_payment(db, member, purpose=f"{kind}:{item_id}", amount_minor=item.amount_minor,
                                     currency=item.currency, payee=_payee(db, kind, item_id),
                                     provider_name=provider_name,
                                     description=f"Kiosk {kiosk_actor.kiosk_code}: {item.label}")
    payload = hosted_checkout.open_checkout(db, member, payment.id, origin)
    if not payload:
        raise ServiceError(phrase("The payment service gave no code to scan; please try again."), code="no_qr")
    return QrCharge(payment_id=payment.id, provider=provider_name, app_name=APP_NAMES.get(provider_name, provider_name),
                    qr_image=png_data_uri(payload, border=2), amount=money(payment.amount_minor, payment.currency),
                    label=item.label, scan_text=SCAN_TEXT.get(provider_name, phrase("Scan the code to pay")))


def _own(db: Session, kiosk_actor: Actor, member_token: str, payment_id: int) -> tuple[Actor, Payment]:
    this_kiosk(db, kiosk_actor)
    member = member_actor(db, kiosk_actor, member_token)
    payment = db.get(Payment, payment_id) if isinstance(payment_id, int) else None
    if payment is None or payment.payer_user_id != member.user_id or not payment.checkout_id \
            and payment.status not in PAID_STATUSES:
        raise ServiceError(phrase("That payment is not waiting here."), code="not_waiting")
    return member, payment


def qr_finished(db: Session, kiosk_actor: Actor, member_token: str, payment_id: int) -> bool:
    """The screen's poll, read only: whether the provider's order is paid or over (then the screen
    records it with `check_qr`), False while the code waits to be paid."""
    _member, payment = _own(db, kiosk_actor, member_token, payment_id)
    if payment.status in PAID_STATUSES or not payment.checkout_id:
        return True
    provider = get_provider(payment.provider)
    page = ask_provider("read checkout", payment.purpose, lambda: provider.retrieve_checkout(payment.checkout_id))
    return page.status != "open"


def check_qr(db: Session, kiosk_actor: Actor, member_token: str, payment_id: int) -> kiosk_pay.Outcome | None:
    """Ask the provider (its query) how the QR payment stands: the Outcome once paid (the order or
    bill then shows it), None while the member has not paid yet."""
    member, payment = _own(db, kiosk_actor, member_token, payment_id)
    if payment.status not in PAID_STATUSES:
        payment = intents.confirm_from_provider(db, member, payment.id)
    if payment.status in PAID_STATUSES:
        return kiosk_pay.book_paid(db, payment)
    if payment.status == PaymentStatus.CANCELED or not payment.checkout_id:
        return kiosk_pay.Outcome(False, phrase("The code expired before it was paid. Nothing was charged."))
    return None


def cancel_qr(db: Session, kiosk_actor: Actor, member_token: str, payment_id: int) -> kiosk_pay.Outcome:
    """Cancel: the provider's order is closed so the code can no longer be paid. If the member paid
    meanwhile, that is recorded instead and the screen says paid."""
    member, payment = _own(db, kiosk_actor, member_token, payment_id)
    if payment.status not in PAID_STATUSES:
        try:
            payment = intents.cancel_payment(db, member, payment.id)
        except ServiceError as exc:
            if exc.code != "already_paid":
                raise
            payment = intents.confirm_from_provider(db, member, payment.id)
    if payment.status in PAID_STATUSES:
        return kiosk_pay.book_paid(db, payment)
    return kiosk_pay.Outcome(False, phrase("Payment cancelled. Nothing was charged."))
