"""The "share:" payment purpose's hooks: one entry point per kind of hook for payments/hooks.py,
handing each payment to the part of sharing it is for (a parking deposit or balance, an item)."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.permissions import Actor
from community_hub.models.payments import Payment
from community_hub.sharing import item_money, parking_money


def share_paid(db: Session, payment: Payment) -> None:
    parking_money.share_paid(db, payment)  # each ignores the other's purposes
    item_money.item_paid(db, payment)


def may_refund_share(db: Session, actor: Actor, payment: Payment) -> bool:
    return parking_money.may_refund_share(db, actor, payment) or item_money.may_refund_item(db, actor, payment)
