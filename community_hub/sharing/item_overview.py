"""What an item's page shows a member in one read: the item as they may see it, who posted it, and
the conversations about it they take part in (the poster: one per interested neighbour, the
neighbour: their own), with unread counts; and `item_version`, the cheap read the page polls so
new messages, a reservation or a payment show without a reload."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.permissions import Actor
from community_hub.models import User
from community_hub.models.sharing import (
    Conversation,
    ConversationMessage,
    SharedItem,
    SharingReview,
)
from community_hub.sharing.conversations import unread_counts
from community_hub.sharing.items import ItemView, _view, seen_item


@dataclass(frozen=True)
class Talk:
    conversation_id: int
    other_id: int
    other_name: str
    unread: int


@dataclass(frozen=True)
class ItemOverview:
    item: ItemView
    owner_name: str
    reserved_for_id: int | None
    reserved_for_name: str
    talks: list[Talk]  # the poster's: everyone who wrote, newest first; a neighbour's: their own
    owner_done: bool
    taker_done: bool
    problem_reported: bool


def _talks(db: Session, actor: Actor, item: SharedItem) -> list[Conversation]:
    query = select(Conversation).where(Conversation.item_id == item.id)
    if item.owner_id != actor.user_id:
        query = query.where(Conversation.other_id == actor.user_id)
    return list(db.exec(query.order_by(Conversation.last_message_at.desc(), Conversation.id.desc())).all())


def item_overview(db: Session, actor: Actor, item_id: int) -> ItemOverview:
    """The item page's read; "not available" for anyone who may not see the item."""
    item = seen_item(db, actor, item_id)
    convs = _talks(db, actor, item)
    people = {item.owner_id, *(c.other_id for c in convs)} | ({item.reserved_for_id} if item.reserved_for_id else set())
    names = dict(db.exec(select(User.id, User.display_name).where(User.id.in_(people))).all())
    unread = unread_counts(db, actor.user_id, convs)
    def other(c: Conversation) -> int:  # the other side as the viewer sees it
        return c.other_id if actor.user_id == c.owner_id else c.owner_id

    talks = [Talk(c.id, other(c), names.get(other(c), ""), unread.get(c.id, 0)) for c in convs]
    return ItemOverview(_view(actor, item), names.get(item.owner_id, ""), item.reserved_for_id,
                        names.get(item.reserved_for_id, "") if item.reserved_for_id else "", talks,
                        item.owner_done, item.taker_done, item.problem_reported_at is not None)


def item_version(db: Session, actor: Actor, item_id: int) -> tuple:
    """Changes when anything the item page shows changes: the item's state, a message in a
    conversation I am in, a review of the deal."""
    item = seen_item(db, actor, item_id)
    ids = [c.id for c in _talks(db, actor, item)]
    newest = 0
    if ids:
        newest = int(db.exec(select(func.coalesce(func.max(ConversationMessage.id), 0))
                             .where(ConversationMessage.conversation_id.in_(ids))).one())
    reviews = int(db.exec(select(func.count()).select_from(SharingReview).where(
        SharingReview.deal_kind == "item", SharingReview.deal_id == item.id)).one())
    return (item.status, item.reserved_for_id, item.paid_at is not None, item.owner_done, item.taker_done,
            item.problem_reported_at is not None, item.renewed_at.isoformat(), len(ids), newest, reviews)


def item_keys(db: Session, actor: Actor, item_id: int) -> tuple[list, None]:
    """The change bell's keys for `item_version` (core/change_rings.py): the item written, a
    conversation about it written (each message writes its conversation), a review with the item's
    id (a booking's of the same id wakes it for nothing). No scheduled change: an item that runs
    out or a sale released after 72 h is a housekeeping job's write, which rings."""
    item = seen_item(db, actor, item_id)
    return [change_rings.key_of(SharedItem, "id", item.id), change_rings.key_of(Conversation, "item_id", item.id),
            change_rings.key_of(SharingReview, "deal_id", item.id)], None
