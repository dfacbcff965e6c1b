"""Member prices: the discount line a cardholder gets at checkout, and its money.

`price_line` is what checkout calls for a member's order at a shop (the best level the member
holds, if it gives a discount): `marketplace/checkout` shows it as its own line of the totals
(`Totals.member_discount_minor`, `member_label`), takes it off the order's total and `record`s it
with the order. The programme says who funds it: the shop (it simply sells for less) or the
platform (the shop still gets its full price: `on_order_transition` posts, when the order is
signed, the platform paying the shop the discount, in the settlement's transaction).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.i18n import phrase
from community_hub.membership.cardholders import active_holdings
from community_hub.models.membership import CardLevel, CardProgramme, DiscountFunder, MemberDiscount
from community_hub.models.orders import Order, OrderState
from community_hub.payments import membership_postings
from community_hub.payments.ledger import round_half_up


@dataclass(frozen=True)
class PriceLine:
    label: str  # "Member price (Gold, 5 %)"
    amount_minor: int  # taken off the order
    currency: str
    funded_by: str  # platform | merchant
    holding_id: int
    level_name: str
    discount_bps: int


def price_line(db: Session, user_id: int, subtotal_minor: int, currency: str) -> PriceLine | None:
    """The member price on `subtotal_minor` for the member's best discount in this currency, or None."""
    best: tuple[CardLevel, CardProgramme, int] | None = None
    for h in active_holdings(db, user_id):
        level, prog = db.get(CardLevel, h.level_id), db.get(CardProgramme, h.programme_id)
        if prog.currency != currency or level.discount_bps <= 0:
            continue
        if best is None or level.discount_bps > best[0].discount_bps:
            best = (level, prog, h.id)
    if best is None or subtotal_minor <= 0:
        return None
    level, prog, holding_id = best
    amount = min(subtotal_minor, round_half_up(subtotal_minor * level.discount_bps, 10000))
    if amount <= 0:
        return None
    return PriceLine(phrase("Member price ({level}, {pct} %)", level=level.name, pct=f"{level.discount_bps / 100:g}"),
                     amount, currency, prog.discount_funded_by, holding_id, level.name, level.discount_bps)


def record(db: Session, order_id: int, merchant_id: int, line: PriceLine) -> MemberDiscount:
    """Keep the member price with the order (checkout's transaction). Once per order."""
    found = db.exec(select(MemberDiscount).where(MemberDiscount.order_id == order_id)).first()
    if found is not None:
        return found
    row = MemberDiscount(order_id=order_id, merchant_id=merchant_id, holding_id=line.holding_id,
                         level_name=line.level_name, discount_bps=line.discount_bps, amount_minor=line.amount_minor,
                         currency=line.currency, funded_by=line.funded_by)
    db.add(row)
    db.flush()
    return row


def on_order_transition(db: Session, order: Order, from_state: str, to_state: str) -> None:
    """Signed (and settled): a platform-funded member price is paid to the shop by the platform."""
    if to_state != OrderState.SIGNED:
        return
    row = db.exec(select(MemberDiscount).where(MemberDiscount.order_id == order.id)).first()
    if row is not None and row.funded_by == DiscountFunder.PLATFORM:
        membership_postings.member_discount_funded(db, order_id=order.id, merchant_id=row.merchant_id,
                                                   amount_minor=row.amount_minor, currency=row.currency)
