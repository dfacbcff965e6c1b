"""Conversations about an item: one per item and interested neighbour, read only by the two of
them. A neighbour who may see the item starts one; either side writes; a block (either way) ends
writing with "not available". `conversation_version` is the cheap read a screen polls for new
messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.models import User
from community_hub.models.base import utcnow
from community_hub.models.sharing import ACTIVE_ITEM, Conversation, ConversationMessage, SharedItem
from community_hub.sharing.items import seen_item
from community_hub.sharing.relations import blocked_either_way, not_available

BODY_LIMIT = 1000
SHOWN = 200


@dataclass(frozen=True)
class Message:
    message_id: int
    mine: bool
    body: str
    at: datetime
    hidden: bool = False  # removed by a moderator: the page says so instead of the words


@dataclass(frozen=True)
class ConversationRow:
    conversation_id: int
    item_id: int
    item_title: str
    other_id: int
    other_name: str
    last_message_at: datetime
    unread: int = 0  # messages from the other side newer than what I last read


def _body(text: str) -> str:
    body = (text or "").strip()
    if not body:
        raise ServiceError(phrase("Write a message first."))
    if len(body) > BODY_LIMIT:
        raise ServiceError(phrase("A message is at most {n} characters.", n=BODY_LIMIT))
    return body


def _add(db: Session, conv: Conversation, sender: int, body: str, now: datetime) -> ConversationMessage:
    msg = ConversationMessage(conversation_id=conv.id, sender_id=sender, body=body, created_at=now)
    # The conversation row is written with every message: its keys ring the live pages (inbox_keys).
    conv.last_message_at = now
    db.add(msg)
    db.add(conv)
    db.flush()
    return msg


def ask_about(db: Session, actor: Actor, item_id: int, text: str, now: datetime | None = None) -> Conversation:
    """An interested neighbour writes to the poster about an item (the conversation is made on the
    first message, found again after)."""
    body = _body(text)
    item = seen_item(db, actor, item_id)
    if item.owner_id == actor.user_id:
        raise ServiceError(phrase("This is your own item."))
    if item.status not in ACTIVE_ITEM:
        raise ServiceError(phrase("This item is no longer offered."))
    conv = db.exec(select(Conversation).where(Conversation.item_id == item.id,
                                              Conversation.other_id == actor.user_id)).first()
    if conv is None:
        conv = Conversation(item_id=item.id, owner_id=item.owner_id, other_id=actor.user_id)
        db.add(conv)
        db.flush()
    _add(db, conv, actor.user_id, body, now or utcnow())
    return conv


def one_of_the_two(db: Session, actor: Actor, conversation_id: int) -> Conversation:
    require_resident(actor)
    conv = db.get(Conversation, conversation_id)
    if conv is None or actor.user_id not in (conv.owner_id, conv.other_id):
        raise NotFound(phrase("conversation"))
    return conv


def write(db: Session, actor: Actor, conversation_id: int, text: str, now: datetime | None = None) -> Message:
    body = _body(text)
    conv = one_of_the_two(db, actor, conversation_id)
    other = conv.other_id if actor.user_id == conv.owner_id else conv.owner_id
    if blocked_either_way(db, actor.user_id, other):
        raise not_available()
    msg = _add(db, conv, actor.user_id, body, now or utcnow())
    return Message(msg.id, True, msg.body, msg.created_at)


def messages(db: Session, actor: Actor, conversation_id: int) -> list[Message]:
    """The conversation's last messages, oldest first."""
    conv = one_of_the_two(db, actor, conversation_id)
    rows = db.exec(select(ConversationMessage).where(ConversationMessage.conversation_id == conv.id)
                   .order_by(ConversationMessage.id.desc()).limit(SHOWN)).all()
    return [Message(m.id, m.sender_id == actor.user_id, "" if m.hidden else m.body, m.created_at, m.hidden)
            for m in reversed(rows)]


def mark_read(db: Session, actor: Actor, conversation_id: int) -> None:
    """I have read the conversation up to its newest message (it leaves "unread")."""
    conv = one_of_the_two(db, actor, conversation_id)
    newest = int(db.exec(select(func.coalesce(func.max(ConversationMessage.id), 0))
                         .where(ConversationMessage.conversation_id == conv.id)).one())
    column = "owner_seen_id" if actor.user_id == conv.owner_id else "other_seen_id"
    if getattr(conv, column) < newest:
        setattr(conv, column, newest)
        db.add(conv)
        db.flush()


def unread_counts(db: Session, me: int, convs: list[Conversation]) -> dict[int, int]:
    """Per conversation: the other side's messages newer than what I read."""
    if not convs:
        return {}
    rows = db.exec(select(ConversationMessage.conversation_id, ConversationMessage.id)
                   .where(ConversationMessage.conversation_id.in_([c.id for c in convs]),
                          ConversationMessage.sender_id != me)).all()
    seen = {c.id: (c.owner_seen_id if c.owner_id == me else c.other_seen_id) for c in convs}
    counts: dict[int, int] = {}
    for conv_id, msg_id in rows:
        if msg_id > seen[conv_id]:
            counts[conv_id] = counts.get(conv_id, 0) + 1
    return counts


def conversation_version(db: Session, actor: Actor, conversation_id: int) -> int:
    """The newest message's id: a screen reloads the messages when it changes."""
    conv = one_of_the_two(db, actor, conversation_id)
    return int(db.exec(select(func.coalesce(func.max(ConversationMessage.id), 0))
                       .where(ConversationMessage.conversation_id == conv.id)).one())


def my_conversations(db: Session, actor: Actor) -> list[ConversationRow]:
    """My conversations, those with unread messages first, then the newest first."""
    require_resident(actor)
    me = actor.user_id
    rows = db.exec(select(Conversation, SharedItem.title).join(SharedItem, SharedItem.id == Conversation.item_id)
                   .where(or_(Conversation.owner_id == me, Conversation.other_id == me))
                   .order_by(Conversation.last_message_at.desc())).all()
    others = {c.other_id if c.owner_id == me else c.owner_id for c, _ in rows}
    names = dict(db.exec(select(User.id, User.display_name).where(User.id.in_(others))).all()) if others else {}
    unread = unread_counts(db, me, [c for c, _ in rows])
    result = []
    for conv, title in rows:
        other = conv.other_id if conv.owner_id == me else conv.owner_id
        result.append(ConversationRow(conv.id, conv.item_id, title, other, names.get(other, ""), conv.last_message_at,
                                      unread.get(conv.id, 0)))
    result.sort(key=lambda r: r.unread == 0)  # stable: the newest first within each group
    return result


def inbox_version(db: Session, actor: Actor) -> tuple[int, int]:
    """The newest message in any of my conversations and how many I have read: /share/messages
    reloads when either changes."""
    require_resident(actor)
    me = actor.user_id
    newest = db.exec(select(func.coalesce(func.max(ConversationMessage.id), 0))
                     .join(Conversation, Conversation.id == ConversationMessage.conversation_id)
                     .where(or_(Conversation.owner_id == me, Conversation.other_id == me))).one()
    seen = db.exec(select(func.coalesce(func.sum(Conversation.owner_seen_id), 0)).where(Conversation.owner_id == me)).one()
    seen2 = db.exec(select(func.coalesce(func.sum(Conversation.other_seen_id), 0)).where(Conversation.other_id == me)).one()
    return int(newest), int(seen) + int(seen2)


def inbox_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's keys for `inbox_version` (core/change_rings.py): a conversation of mine
    written, which a new message in it (`_add`) and a read (`mark_read`) both do; no scheduled change."""
    require_resident(actor)
    me = actor.user_id
    return [change_rings.key_of(Conversation, "owner_id", me), change_rings.key_of(Conversation, "other_id", me)], None
