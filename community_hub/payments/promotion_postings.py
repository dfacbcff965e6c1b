"""The platform's promotion money: the discount of a platform coupon is the platform's expense.

The resident paid the order's total less the coupon; when the order is signed the platform puts
the discount into the order's escrow, just before the settlement takes what escrow holds:

  platform_coupon   platform_fees:platform  +d  /  escrow  -d      (reference "order:<id>")
  order_settled     escrow  +full price  /  merchant_payable -(full price - fee), platform_revenue -fee

so the shop is settled on the full price (its statement's "Sale settled" shows it) and the
platform's cost shows on its own account (`platform_fees`, kind "platform_coupon"). A refund
after settlement gives back at most what the resident paid (`ledger.paid_net`). Posted once per order.
"""

from __future__ import annotations

from sqlmodel import Session

from community_hub.models.ledger import AccountKind, LedgerTransaction
from community_hub.payments.ledger import Line, currency_code, existing, positive_amount, post

KIND = "platform_coupon"


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
