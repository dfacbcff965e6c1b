"""The block list: a block works both ways (neither sees the other's posts, messages, books or
reviews) and ends any friendship and request between the two. The blocked member is never told;
everywhere they just read "not available"."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.models import User
from community_hub.models.sharing import Block
from community_hub.sharing.friends import Person, drop_friendship, drop_requests
from community_hub.sharing.relations import resident_community

MAX_BLOCKS = 500


def block(db: Session, actor: Actor, user_id: int) -> None:
    require_resident(actor)
    me = actor.user_id
    if user_id == me or db.get(User, user_id) is None or resident_community(db, user_id) != actor.community_id:
        raise ServiceError(phrase("This neighbour is not available."), code="not_available")
    if db.get(Block, (me, user_id)) is not None:
        return
    if len(db.exec(select(Block.blocked_id).where(Block.blocker_id == me)).all()) >= MAX_BLOCKS:
        raise ServiceError(phrase("Your block list is full."))
    db.add(Block(blocker_id=me, blocked_id=user_id))
    drop_friendship(db, me, user_id)
    drop_requests(db, me, user_id)
    db.flush()


def unblock(db: Session, actor: Actor, user_id: int) -> None:
    require_resident(actor)
    row = db.get(Block, (actor.user_id, user_id))
    if row is None:
        raise ServiceError(phrase("This neighbour is not on your block list."))
    db.delete(row)
    db.flush()


def my_blocks(db: Session, actor: Actor) -> list[Person]:
    require_resident(actor)
    rows = db.exec(select(User.id, User.display_name).join(Block, Block.blocked_id == User.id)
                   .where(Block.blocker_id == actor.user_id).order_by(User.display_name)).all()
    return [Person(uid, name) for uid, name in rows]
