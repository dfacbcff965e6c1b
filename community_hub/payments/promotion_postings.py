"""The platform's promotion money: the discount of a platform coupon is the platform's expense.

The resident paid the order's total less the coupon; when the order is signed the platform puts
the discount into the order's escrow, just before the settlement takes what escrow holds:

  platform_coupon   platform_fees:platform  +d  /  escrow  -d      (reference "order:<id>")
  order_settled     escrow  +full price  /  merchant_payable -(full price - fee), platform_revenue -fee

so the shop is settled on the full price (its statement's "Sale settled" shows it) and the
platform's cost shows on its own account (`platform_fees`, kind "platform_coupon"). A refund
after settlement gives back at most what the resident paid (`ledger.paid_net`); the platform's
part follows the refund in proportion (`platform_coupon_reversed`: the shop's payable gives that
share back to the platform), so a fully refunded order costs the platform nothing.
"""

from __future__ import annotations

from sqlmodel import Session, func, select

from community_hub.models.ledger import AccountKind, LedgerTransaction
from community_hub.payments.ledger import (
    Line,
    _sum_for,
    currency_code,
    existing,
    positive_amount,
    post,
)

KIND = "platform_coupon"
REVERSED = "platform_coupon_reversed"


def platform_coupon_funded(db: Session, *, order_id: int, amount_minor: int, currency: str,
                           coupon_name: str) -> LedgerTransaction:
    key = f"{KIND}:order:{order_id}"
    found = existing(db, key)
    if found:
        return found
    cur = currency_code(currency)
    amount = positive_amount(amount_minor, "discount")
    return post(db, KIND, f"order:{order_id}", [
        Line(AccountKind.PLATFORM_FEES, "platform", amount, cur),
        Line(AccountKind.ESCROW, "escrow", -amount, cur),
    ], key, source=f"order:{order_id}", counterparty="platform",
        memo=f"platform coupon {coupon_name[:40]} on order {order_id}, paid by the platform")


def platform_coupon_funded_so_far(db: Session, order_id: int, currency: str) -> int:
    """What the platform has put into the order net of what came back (its expense on it)."""
    return _sum_for(db, f"order:{order_id}", currency_code(currency), (KIND, REVERSED), (AccountKind.PLATFORM_FEES,))


def platform_coupon_reversed(db: Session, *, order_id: int, merchant_id: int, amount_minor: int,
                             currency: str) -> LedgerTransaction:
    """Part of the platform's coupon goes back to it from the shop (the order was refunded after
    it was settled). One posting per reversal, numbered."""
    cur = currency_code(currency)
    amount = positive_amount(amount_minor, "discount")
    owner = f"merchant:{merchant_id}"
    n = db.exec(select(func.count()).select_from(LedgerTransaction)
                .where(LedgerTransaction.reference == f"order:{order_id}", LedgerTransaction.kind == REVERSED)).one()
    return post(db, REVERSED, f"order:{order_id}", [
        Line(AccountKind.MERCHANT_PAYABLE, owner, amount, cur),
        Line(AccountKind.PLATFORM_FEES, "platform", -amount, cur),
    ], f"{REVERSED}:order:{order_id}:{int(n) + 1}", source=f"order:{order_id}", counterparty=owner,
        memo=f"platform coupon on order {order_id}: its share of a refund back to the platform")
