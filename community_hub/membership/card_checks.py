"""A shop checks a membership card at its counter (issue 16): who holds it, which programme and
level, and the member price that shop's checkout gives them — or why the card is refused.

A shop must not be able to walk through card numbers to learn who holds them: every check counts
against a ceiling per shop and minute (the `limits` library, in Redis when the app runs with several
workers, as `accounts/action_limits`), and every check, found or not, is on the audit log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.strategies import MovingWindowRateLimiter
from sqlmodel import Session

from community_hub.core.errors import PermissionDenied, RateLimited, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_user
from community_hub.core.rate_storage import moving_window
from community_hub.core.rows import get_or_not_found
from community_hub.membership import card_codes, cardholders, member_price
from community_hub.membership.common import audit
from community_hub.models import Merchant
from community_hub.models.membership import DiscountFunder

CHECKS_PER_MINUTE = 10  # a queue at the counter, not a walk through card numbers
MAX_SCANNED = 80  # what a scanner or a paste may bring (identify reads the first 80 characters)
TOO_MANY = phrase("This shop has checked too many cards this minute. Wait a minute and try again.")
NO_MEMBER_PRICE = phrase("No member price at this shop for this card.")
PLATFORM_PAYS = phrase("The platform pays the discount: your shop still gets its full price.")
SHOP_PAYS = phrase("Your shop gives the discount: the customer pays less.")


@dataclass(frozen=True)
class CardCheck:
    name: str
    programme: str
    level: str
    member_price: str  # "Member price (Gold, 5 %)", or NO_MEMBER_PRICE
    discount_bps: int  # what this shop's checkout takes off (0: none)
    who_pays: str  # PLATFORM_PAYS | SHOP_PAYS | ""


def _counter() -> tuple[MovingWindowRateLimiter, RateLimitItemPerMinute]:
    return moving_window(), RateLimitItemPerMinute(CHECKS_PER_MINUTE)


def _key(merchant_id: int) -> str:
    return "hub-card-checks:" + hashlib.sha256(str(merchant_id).encode()).hexdigest()[:16]


def reset_count(merchant_id: int) -> None:
    """Forget a shop's checks of this minute (tests, which reuse shop ids across databases)."""
    limiter, item = _counter()
    limiter.clear(item, _key(merchant_id))


def _number_of(raw: str) -> str:
    """The card number a reading carries (a QR's, or as typed without spaces or dashes): what the log
    keeps of a refused one, never a printed card's secret code."""
    qr = card_codes.read_qr(raw)
    number = qr[0] if qr else raw.removeprefix(cardholders.MEMBER_QR)
    return "".join(number.replace("-", "").split())[:20]


def check_card(db: Session, actor: Actor, merchant_id: int, scanned: str) -> CardCheck:
    """The shop's owner or staff read a card (typed, pasted, or a USB scanner typing into the field)."""
    require_user(actor)
    if not actor.is_merchant_of(merchant_id):
        raise PermissionDenied(phrase("Only this shop's owner and staff can check cards for it."))
    shop = get_or_not_found(db, Merchant, merchant_id, phrase("shop"))
    raw = " ".join(str(scanned or "").split())
    if not raw:
        raise ServiceError(phrase("Scan the card, or type or paste its number or QR text."), code="empty")
    if len(raw) > MAX_SCANNED or not card_codes.number_ok(_number_of(raw)):  # bad input: nothing logged
        raise ServiceError(phrase("That is not a card number or a card's QR text."), code="no_card")
    limiter, item = _counter()
    if not limiter.hit(item, _key(merchant_id)):
        raise RateLimited(TOO_MANY)
    try:
        found = cardholders.identify(db, actor, raw)
    except ServiceError as exc:
        # Kept (keep=True) though refused: a run of unknown numbers is what the log must show.
        audit(db, actor, "membership.card_checked", f"merchant:{merchant_id}", f"refused: {_number_of(raw)}")
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    line = member_price.price_line(db, found.user_id, 10000, shop.currency)  # the level checkout would use
    audit(db, actor, "membership.card_checked", f"merchant:{merchant_id}", f"user:{found.user_id}")
    if line is None:
        return CardCheck(found.name, found.programme, found.level, NO_MEMBER_PRICE, 0, "")
    return CardCheck(found.name, found.programme, found.level, line.label, line.discount_bps,
                     PLATFORM_PAYS if line.funded_by == DiscountFunder.PLATFORM else SHOP_PAYS)
