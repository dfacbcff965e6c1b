"""An item's deal between its poster and one neighbour: reserving it for someone who wrote about
it (the others are told), releasing the reservation, marking a give-away or swap done (both sides),
and withdrawing the post. A sale's money is `item_money`."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.models.base import utcnow
from community_hub.models.sharing import ACTIVE_ITEM, Conversation, ItemKind, ItemStatus, SharedItem
from community_hub.notify import outbox
from community_hub.sharing import item_money
from community_hub.sharing.items import my_item
from community_hub.sharing.relations import blocked_either_way, not_available


def reserve(db: Session, actor: Actor, item_id: int, user_id: int) -> SharedItem:
    """The poster reserves the item for a neighbour who wrote about it; everyone else who wrote is
    told it is reserved."""
    item = my_item(db, actor, item_id)
    if item.status != ItemStatus.AVAILABLE:
        raise ServiceError(phrase("Only an available item can be reserved."))
    talks = db.exec(select(Conversation).where(Conversation.item_id == item.id)).all()
    if user_id not in {c.other_id for c in talks}:
        raise ServiceError(phrase("Reserve it for a neighbour who wrote to you about it."))
    if blocked_either_way(db, actor.user_id, user_id):
        raise not_available()
    item.status, item.reserved_for_id = ItemStatus.RESERVED, user_id
    db.add(item)
    for conv in talks:
        if conv.other_id != user_id:
            outbox.notify_user(db, conv.other_id, "sharing_item_reserved", link=f"/share/items/{item.id}", title=item.title)
    db.flush()
    return item


def release(db: Session, actor: Actor, item_id: int) -> SharedItem:
    """The poster takes an unpaid reservation back: the item is available again."""
    item = my_item(db, actor, item_id)
    if item.status != ItemStatus.RESERVED:
        raise ServiceError(phrase("This item is not reserved."))
    if item.paid_at is not None:
        raise ServiceError(phrase("The buyer has paid; withdraw the item to give the money back."))
    item.status, item.reserved_for_id, item.owner_done, item.taker_done = ItemStatus.AVAILABLE, None, False, False
    db.add(item)
    db.flush()
    return item


def mark_done(db: Session, actor: Actor, item_id: int, now: datetime | None = None) -> SharedItem:
    """A give-away or swap handed over: each side marks it; done when both have."""
    require_resident(actor)
    item = db.get(SharedItem, item_id, with_for_update=True, populate_existing=True)
    if item is None or actor.user_id not in (item.owner_id, item.reserved_for_id):
        raise ServiceError(phrase("This item is not available."), code="not_available")
    if item.kind == ItemKind.SELL:
        raise ServiceError(phrase("A sale is completed when the buyer confirms receipt."))
    if item.status != ItemStatus.RESERVED:
        raise ServiceError(phrase("Only a reserved item can be marked as handed over."))
    if actor.user_id == item.owner_id:
        item.owner_done = True
    else:
        item.taker_done = True
    if item.owner_done and item.taker_done:
        item.status, item.completed_at = ItemStatus.COMPLETED, now or utcnow()
    db.add(item)
    db.flush()
    return item


def withdraw(db: Session, actor: Actor, item_id: int, now: datetime | None = None) -> SharedItem:
    """The poster withdraws the item; a buyer's payment goes back to them."""
    item = my_item(db, actor, item_id)
    if item.status not in ACTIVE_ITEM:
        raise ServiceError(phrase("This item is no longer offered."))
    item.status, item.completed_at = ItemStatus.CANCELLED, None
    db.add(item)
    db.flush()
    if item.paid_at is not None:
        item_money.give_money_back(db, actor, item)
    return item
