"""Paying partly from the wallet: the credit the resident has, and the rest by card (or any provider).

The rest is a top-up of exactly the shortfall, whose purpose names the payment it is for
("topup:u<payer>-p<payment>-<hex>"). When that top-up's money is in the wallet (its money-in is
posted), the named payment is paid in full from the wallet in the same transaction
(`pay_target`, a "posted" payment hook): the order, bill or deposit hears of one payment of its
whole amount, exactly as after a card, and every movement is an existing balanced posting
(card -> wallet, wallet -> the payment). If the named payment cannot be paid any more (paid
meanwhile, cancelled, the credit spent in another tab), nothing of the top-up is lost: it stays in
the wallet, and the payment's page still offers the wallet for it.

Refunds of such a payment go back to the wallet, as for any payment made from it (the pay page
says so before the resident chooses).
"""

from __future__ import annotations

import re
import secrets

from sqlmodel import Session

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, load_actor, require_user
from community_hub.models.accounts import User
from community_hub.models.payments import Payment
from community_hub.payments import intents, wallet
from community_hub.payments.common import OPEN_STATUSES, load_payment, log

_FOR = re.compile(r"^topup:u(\d+)-p(\d+)-[a-f0-9]{8,16}$")


def target_of(purpose: str) -> int | None:
    """The payment a shortfall top-up is for (None for an ordinary top-up)."""
    match = _FOR.match(purpose or "")
    return int(match.group(2)) if match else None


def shortfall(db: Session, actor: Actor, payment_id: int) -> tuple[int, int, str]:
    """(credit, rest, currency) for paying this open payment partly from the wallet. Refused in words
    when the wallet is empty, already covers it, or the payment cannot be paid from the wallet."""
    require_user(actor)
    payment = load_payment(db, payment_id, lock=False) if isinstance(payment_id, int) else None
    if payment is None or payment.payer_user_id != actor.user_id:
        raise NotFound(phrase("payment"))
    if payment.purpose.split(":", 1)[0] not in wallet.SPENDABLE_KINDS:
        raise ServiceError(phrase("This cannot be paid from the wallet."), code="wallet_not_for_this")
    if payment.status not in OPEN_STATUSES:
        raise ServiceError(phrase("This payment cannot be paid now; open it again."), code="not_open")
    credit = wallet.balance(db, actor, payment.currency)
    if credit <= 0:
        raise ServiceError(phrase("Your wallet is empty."), code="wallet_empty")
    if credit >= payment.amount_minor:
        raise ServiceError(phrase("Your wallet covers all of this: pay it from the wallet."), code="wallet_covers")
    return credit, payment.amount_minor - credit, payment.currency


def start_rest(db: Session, actor: Actor, payment_id: int) -> Payment:
    """Open the payment of the rest (a top-up of the shortfall, named after this payment); its pay
    page takes the card. Nothing is taken from the wallet until the rest has arrived."""
    credit, rest, currency = shortfall(db, actor, payment_id)
    payment = load_payment(db, payment_id, lock=False)
    purpose = f"topup:u{actor.user_id}-p{payment.id}-{secrets.token_hex(6)}"
    log.info("payment %s: %s from the wallet, %s by a top-up", payment.id, credit, rest)
    return intents.start_payment(db, actor, purpose=purpose, amount_minor=rest, currency=currency,
                                 description=f"The rest of {payment.description or payment.purpose}"[:200])


def pay_target(db: Session, topup: Payment) -> None:
    """Hook: a shortfall top-up's money is in the wallet; pay the payment it was for from the wallet,
    in a savepoint. A refusal leaves the credit in the wallet (logged; the payment's page offers it)."""
    target = target_of(topup.purpose)
    if target is None or topup.payer_user_id is None:
        return
    user = db.get(User, topup.payer_user_id)
    if user is None:
        return
    try:
        with db.begin_nested():
            wallet.pay_from_wallet(db, load_actor(db, user), target)
    except ServiceError as exc:
        log.warning("top-up %s arrived but payment %s was not paid from the wallet: %s", topup.id, target,
                    exc.message)
