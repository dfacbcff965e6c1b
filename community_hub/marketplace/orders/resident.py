"""The resident's moves (sign, cancel, dispute) and the admin's decision on a dispute."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.marketplace.orders.lifecycle import S, _move
from community_hub.models.orders import (
    Order,
)


def sign_order(db: Session, actor: Actor, order_id: int) -> Order:
    """The resident inspected the goods and accepts them."""
    return _move(db, actor, order_id, S.SIGNED)


def dispute_order(db: Session, actor: Actor, order_id: int, reason: str, photos: list[str] | None = None) -> Order:
    """The resident reports a problem with a delivered order (with photos); an admin decides."""
    if not reason.strip():
        raise ServiceError(phrase("Describe the problem so it can be sorted out."))
    return _move(db, actor, order_id, S.DISPUTED, note=reason.strip(), photos=photos)


def cancel_order(db: Session, actor: Actor, order_id: int, reason: str = "") -> Order:
    """Cancel: the resident before the shop accepts; the shop until it is sent out; an admin likewise.
    Stock and coupon uses are given back; a paid order becomes due for a refund."""
    return _move(db, actor, order_id, S.CANCELLED, note=reason.strip())


def resolve_dispute(db: Session, actor: Actor, order_id: int, *, refund: bool, note: str) -> Order:
    """An admin closes a dispute: refund the resident (refunded) or side with the shop (signed)."""
    if not note.strip():
        raise ServiceError(phrase("Record why the dispute was decided this way."))
    return _move(db, actor, order_id, S.REFUNDED if refund else S.SIGNED, note=note.strip())
