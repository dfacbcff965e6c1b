"""Paying at the lobby terminal: the member's unpaid orders and bills, charged through the
payments service as card-present payments.

The kiosk page relays what the bridge's terminal reports. A payment counts as paid ONLY when
(1) the bridge's `terminal.status` approval carries a valid signature for this kiosk, fresh and
never seen before, for exactly this payment, amount and currency, AND (2) the payment provider
itself confirms the money moved. A cancelled or timed-out terminal, or a bridge that restarted
mid-payment, is settled by asking the provider, never by guessing: nothing charged means the
payment is cancelled and the order or bill stays unpaid.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from community_hub.core import local_time
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.core.qr_images import png_data_uri
from community_hub.kiosk.session import member_actor, this_kiosk, verify_signed
from community_hub.marketplace import orders
from community_hub.marketplace.cart import money
from community_hub.models import Community, Merchant
from community_hub.models.billing import Bill, BillStatus
from community_hub.models.orders import Order, OrderState
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import intents
from community_hub.payments.providers.base import PaymentProviderError
from community_hub.payments.providers.registry import get_provider
from community_hub.property import billing

log = logging.getLogger("community_hub.kiosk")
BRIDGE_PREFIX = "hubpay_"
PAID = (PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)


@dataclass(frozen=True)
class Payable:
    kind: str  # order | bill
    id: int
    label: str
    amount: str
    amount_minor: int
    currency: str
    due: date | None = None  # a bill's due date; the day an order was placed (it is due at once)
    due_text: str = ""  # "Due 2026-11-15", "Overdue since 2026-10-15", "Ordered 2026-11-20"


@dataclass(frozen=True)
class TerminalCharge:
    """What the page sends to the bridge with `terminal.start`."""

    payment_id: int
    bridge_payment_id: str
    amount_minor: int
    currency: str  # lower case, as the bridge wants it
    label: str
    amount: str = ""  # "$12.50", for the terminal screen


@dataclass(frozen=True)
class Outcome:
    paid: bool
    message: str
    receipt_path: str = ""  # the member's page for what they paid (shown as a QR)


def payable(db: Session, kiosk_actor: Actor, member_token: str) -> list[Payable]:
    """The logged-in member's unpaid household bills, then their orders waiting for payment; in
    each group the oldest due first (what is most overdue is what to pay first)."""
    member = member_actor(db, kiosk_actor, member_token)
    zone = member.time_zone  # the member's community's days
    today = local_time.local_today(zone)
    bills: list[Payable] = []
    if member.household_id is not None:
        for b in billing.list_my_bills(db, member):
            if b.status == BillStatus.UNPAID and b.outstanding_minor > 0:
                due = (phrase("Overdue since {date}", date=b.due_date.isoformat()) if b.due_date < today
                       else phrase("Due {date}", date=b.due_date.isoformat()))
                bills.append(Payable("bill", b.id, phrase("{label} bill · {building}-{unit}", label=b.label,
                                                          building=b.building, unit=b.unit),
                                     money(b.outstanding_minor, b.currency), b.outstanding_minor, b.currency,
                                     b.due_date, due))
    orders_to_pay: list[Payable] = []
    for o in db.exec(select(Order).where(Order.user_id == member.user_id, Order.state == OrderState.PLACED)
                     .order_by(Order.created_at, Order.id).limit(20)):
        shop = db.get(Merchant, o.merchant_id)
        placed = local_time.localize(o.created_at, zone).date()
        orders_to_pay.append(Payable("order", o.id, phrase("Order #{id} · {shop}", id=o.id, shop=shop.name),
                                     money(o.total_minor, o.currency), o.total_minor, o.currency, placed,
                                     phrase("Ordered {date}", date=placed.isoformat())))
    bills.sort(key=lambda p: (p.due, p.id))
    return bills + orders_to_pay


def start(db: Session, kiosk_actor: Actor, member_token: str, kind: str, item_id: int) -> TerminalCharge:
    """Open a card-present payment for the member's order or bill; the page then starts the terminal."""
    this_kiosk(db, kiosk_actor)
    member = member_actor(db, kiosk_actor, member_token)
    item = next((p for p in payable(db, kiosk_actor, member_token) if p.kind == kind and p.id == item_id), None)
    if item is None:
        raise ServiceError(phrase("That is not waiting for payment any more."), code="not_payable")
    if kind == "order":
        order = db.get(Order, item_id)
        payee = f"merchant:{order.merchant_id}"
    else:
        bill = db.get(Bill, item_id)
        community = db.get(Community, bill.community_id)
        if community.property_company_id is None:
            raise ServiceError(phrase("Bills of this community cannot be paid at the kiosk yet; please see the office."),
                               code="no_payee")
        payee = f"property:{community.property_company_id}"
    payment = intents.start_payment(db, member, purpose=f"{kind}:{item_id}", amount_minor=item.amount_minor,
                                     currency=item.currency, payee=payee, card_present=True,
                                     description=f"Kiosk {kiosk_actor.kiosk_code}: {item.label}")
    return TerminalCharge(payment_id=payment.id, bridge_payment_id=f"{BRIDGE_PREFIX}{payment.id}",
                          amount_minor=payment.amount_minor, currency=payment.currency.lower(), label=item.label,
                          amount=money(payment.amount_minor, payment.currency))


def _own_payment(db: Session, member: Actor, payment_id: int) -> Payment:
    payment = db.get(Payment, payment_id)
    if payment is None or payment.payer_user_id != member.user_id:
        raise NotFound(phrase("payment"))
    return payment


def _book(db: Session, payment: Payment) -> Outcome:
    """The provider says the money moved: make sure the order or bill shows it (idempotent)."""
    kind, raw_id = payment.purpose.split(":", 1)
    ref = f"payment:{payment.id}"
    if kind == "order":
        order = db.get(Order, int(raw_id))
        if order.state == OrderState.PLACED:
            orders.mark_paid(db, order.id, ref)
        return Outcome(True, _thanks(payment), f"/orders/{order.id}")
    bill = db.get(Bill, int(raw_id))
    if bill.status == BillStatus.UNPAID:
        billing.mark_bill_paid(db, bill.id, ref, payment.amount_minor)
    return Outcome(True, _thanks(payment), f"/bills/{bill.id}")


def book_paid(db: Session, payment: Payment) -> Outcome:
    """A payment the provider confirmed (the terminal's, or a phone wallet's QR: kiosk/wallet_pay.py)."""
    return _book(db, payment)


def _thanks(payment: Payment) -> str:
    return phrase("Paid {amount}. Thank you!", amount=money(payment.amount_minor, payment.currency))


def _ask_provider(db: Session, member: Actor, payment: Payment) -> Payment:
    return intents.confirm_from_provider(db, member, payment.id)


def approved(db: Session, kiosk_actor: Actor, member_token: str, payment_id: int, status_data: dict,
             *, now: float | None = None) -> Outcome:
    """The terminal reported a final signed state (approved or declined) for `payment_id`.
    Counts the payment only when the signature holds for exactly this payment and the provider
    confirms; a replayed, forged or mismatched report is refused and changes nothing."""
    kiosk, cfg = this_kiosk(db, kiosk_actor)
    member = member_actor(db, kiosk_actor, member_token)
    payment = _own_payment(db, member, payment_id)
    body = verify_signed(db, kiosk, cfg, status_data, now)
    if (body.get("payment_id") != f"{BRIDGE_PREFIX}{payment.id}" or body.get("amount") != payment.amount_minor
            or body.get("currency") != payment.currency.lower()):
        raise ServiceError(phrase("The terminal's answer is not for this payment; nothing was charged."),
                           code="wrong_payment")
    if body.get("state") == "declined":
        return Outcome(False, phrase("The card was declined. Nothing was charged; try another card."))
    if body.get("state") != "approved":
        raise ServiceError(phrase("The terminal's answer could not be understood; nothing was charged."), code="bad_state")
    if payment.status not in PAID:
        provider = get_provider(payment.provider)
        try:
            # The reader's card-present charge at the provider (the demo provider simulates it).
            provider.terminal_process(cfg.terminal_device, payment.provider_id,
                                      f"{payment.idempotency_key}:terminal:{cfg.terminal_device}")
        except PaymentProviderError as exc:
            log.warning("kiosk %s payment %s: provider refused the terminal charge: %s", kiosk.code, payment.id,
                        exc.detail or exc.message)
        payment = _ask_provider(db, member, payment)
    if payment.status not in PAID:
        return Outcome(False, phrase("The payment service did not confirm the payment. Nothing was charged; "
                                     "please try again."))
    return _book(db, payment)


def settle_unfinished(db: Session, kiosk_actor: Actor, member_token: str, payment_id: int) -> Outcome:
    """The terminal was cancelled or timed out, or the bridge restarted mid-payment: ask the
    provider. Paid there → recorded as paid; otherwise the payment is cancelled (nothing charged,
    the order or bill stays unpaid)."""
    this_kiosk(db, kiosk_actor)
    member = member_actor(db, kiosk_actor, member_token)
    payment = _ask_provider(db, member, _own_payment(db, member, payment_id))
    if payment.status in PAID:
        return _book(db, payment)
    if payment.status != PaymentStatus.CANCELED:
        intents.cancel_payment(db, member, payment.id)
    return Outcome(False, phrase("Payment cancelled. Nothing was charged."))


def receipt_qr(base_url: str, path: str) -> str:
    """A PNG data URI of a QR code the member scans with their phone to see the receipt."""
    return png_data_uri(base_url.rstrip("/") + path, border=2)


def order_cart(db: Session, kiosk_actor: Actor, member_token: str, merchant_id: int, *,
               idempotency_key: str) -> Order:
    """The member's cart at one shop becomes a pickup order (collected at the lobby counter),
    placed and waiting for the terminal payment."""
    from community_hub.marketplace import checkout
    from community_hub.models.orders import Fulfilment

    this_kiosk(db, kiosk_actor)
    member = member_actor(db, kiosk_actor, member_token)
    return checkout.place_order(db, member, merchant_id, idempotency_key=idempotency_key, payment_method="card",
                                fulfilment=Fulfilment.PICKUP, note=f"ordered at kiosk {kiosk_actor.kiosk_code}")
