"""What the sharing rules read about two members: friends, blocks (either way), their community.

Plain queries, no permission checks: the services that call them have checked the actor."""

from __future__ import annotations

from sqlalchemy import and_, or_
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.models import Role, User, UserRole, UserStatus
from community_hub.models.sharing import Block, Friendship


def not_available() -> ServiceError:
    """The one answer for a neighbour one may not reach: blocked (either way), unknown, elsewhere.
    Nobody learns more than this about a block."""
    return ServiceError(phrase("This neighbour is not available."), code="not_available")


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def are_friends(db: Session, a: int, b: int) -> bool:
    low, high = pair(a, b)
    return db.exec(select(Friendship.id).where(Friendship.low_user_id == low,
                                               Friendship.high_user_id == high)).first() is not None


def friend_ids(db: Session, user_id: int) -> set[int]:
    rows = db.exec(select(Friendship.low_user_id, Friendship.high_user_id).where(
        or_(Friendship.low_user_id == user_id, Friendship.high_user_id == user_id))).all()
    return {high if low == user_id else low for low, high in rows}


def blocked_either_way(db: Session, a: int, b: int) -> bool:
    return db.exec(select(Block.blocker_id).where(or_(
        and_(Block.blocker_id == a, Block.blocked_id == b),
        and_(Block.blocker_id == b, Block.blocked_id == a)))).first() is not None


def blocked_ids(db: Session, user_id: int) -> set[int]:
    """Everyone `user_id` blocked or was blocked by."""
    rows = db.exec(select(Block.blocker_id, Block.blocked_id).where(
        or_(Block.blocker_id == user_id, Block.blocked_id == user_id))).all()
    return {blocked if blocker == user_id else blocker for blocker, blocked in rows}


def resident_community(db: Session, user_id: int) -> int | None:
    """The community an active member lives in as a resident, or None."""
    return db.exec(select(UserRole.community_id).join(User, User.id == UserRole.user_id).where(
        UserRole.user_id == user_id, UserRole.role == Role.RESIDENT, UserRole.community_id.is_not(None),
        User.status == UserStatus.ACTIVE)).first()


def reachable_neighbour(db: Session, me: int, community_id: int, other: int) -> User:
    """The other member, if they are an active resident of my community, not me and not blocked
    either way; otherwise "not available" (the same words whatever the reason)."""
    if other == me or resident_community(db, other) != community_id or blocked_either_way(db, me, other):
        raise not_available()
    user = db.get(User, other)
    if user is None:
        raise not_available()
    return user
