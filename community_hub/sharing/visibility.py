"""Who sees a sharing post: its owner; otherwise residents of its community who are not blocked
either way and are in its audience — all friends, friends in the chosen circles, or the whole
community. One SQL clause (`visible_clause`) decides it for lists and for one post
(`visible_to`), so a list never shows what opening the post would refuse.

A post is any table with `id`, `owner_id`, `community_id` and `audience` (parking slots; items
later) and a `post_kind` naming its rows in `PostCircle`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, exists, false, or_, select
from sqlmodel import Session
from sqlmodel import select as sm_select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.models.sharing import (
    Audience,
    Block,
    Circle,
    CircleMember,
    Friendship,
    PostCircle,
)

AUDIENCES = tuple(Audience)


def visible_clause(viewer: Actor, model: Any, post_kind: str) -> Any:
    """A WHERE clause: the rows of `model` that `viewer` may see."""
    if not viewer.is_authenticated:
        return false()
    me = viewer.user_id
    owner = model.owner_id
    friends = exists(select(Friendship.id).where(or_(
        and_(Friendship.low_user_id == owner, Friendship.high_user_id == me),
        and_(Friendship.low_user_id == me, Friendship.high_user_id == owner))))
    blocked = exists(select(Block.blocker_id).where(or_(
        and_(Block.blocker_id == owner, Block.blocked_id == me),
        and_(Block.blocker_id == me, Block.blocked_id == owner))))
    in_circle = exists(select(PostCircle.circle_id)
                       .join(CircleMember, CircleMember.circle_id == PostCircle.circle_id)
                       .join(Circle, Circle.id == PostCircle.circle_id)
                       .where(PostCircle.post_kind == post_kind, PostCircle.post_id == model.id,
                              Circle.owner_id == owner, CircleMember.user_id == me))
    if viewer.community_id is None:
        return owner == me
    audience = or_(model.audience == Audience.COMMUNITY,
                   and_(model.audience == Audience.FRIENDS, friends),
                   and_(model.audience == Audience.CIRCLES, friends, in_circle))
    return or_(owner == me, and_(model.community_id == viewer.community_id, ~blocked, audience))


def visible_to(db: Session, viewer: Actor, post: Any) -> bool:
    """Whether `viewer` may see this one post (same rule as the lists)."""
    model = type(post)
    found = db.exec(sm_select(model.id).where(model.id == post.id, visible_clause(viewer, model, post.post_kind)))
    return found.first() is not None


def check_audience(db: Session, actor: Actor, audience: str, circle_ids: list[int] | None) -> list[int]:
    """The audience chosen on a post form, checked: circles are the poster's own, at least one
    when the audience is circles. Returns the circle ids to store."""
    if audience not in AUDIENCES:
        raise ServiceError(phrase("Show it to all friends, chosen circles or the whole community."))
    if audience != Audience.CIRCLES:
        return []
    wanted = sorted({int(c) for c in (circle_ids or [])})
    if not wanted:
        raise ServiceError(phrase("Choose at least one circle."))
    mine = set(db.exec(sm_select(Circle.id).where(Circle.owner_id == actor.user_id, Circle.id.in_(wanted))).all())
    if mine != set(wanted):
        raise ServiceError(phrase("That circle does not exist or is not yours."), code="not_found")
    return wanted


def store_circles(db: Session, post_kind: str, post_id: int, circle_ids: list[int]) -> None:
    db.execute(delete(PostCircle).where(PostCircle.post_kind == post_kind, PostCircle.post_id == post_id))
    for cid in circle_ids:
        db.add(PostCircle(post_kind=post_kind, post_id=post_id, circle_id=cid))
    db.flush()
