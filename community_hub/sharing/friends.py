"""Friend requests between neighbours: send, accept, decline, withdraw; removing a friend."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.models import User
from community_hub.models.sharing import Circle, CircleMember, FriendRequest, Friendship
from community_hub.sharing.privacy import may_request
from community_hub.sharing.relations import are_friends, friend_ids, pair, reachable_neighbour

MAX_OPEN_REQUESTS = 100  # a member's unanswered requests at once (no spraying the community)


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str


@dataclass(frozen=True)
class Requests:
    incoming: list[tuple[int, Person]]  # (request id, who asked)
    outgoing: list[tuple[int, Person]]


def _befriend(db: Session, a: int, b: int) -> Friendship:
    low, high = pair(a, b)
    row = Friendship(low_user_id=low, high_user_id=high)
    db.add(row)
    drop_requests(db, a, b)
    db.flush()
    return row


def drop_requests(db: Session, a: int, b: int) -> None:
    """The requests between two members, either way: one DELETE per way, each naming both people,
    so the change bell rings their two friends pages, not every open one (core/change_rings.py)."""
    for sender, receiver in ((a, b), (b, a)):
        db.execute(delete(FriendRequest).where(FriendRequest.from_user_id == sender, FriendRequest.to_user_id == receiver))


def send_request(db: Session, actor: Actor, user_id: int) -> str:
    """Ask a neighbour to be friends. Returns "sent", or "friends" when they had already asked me
    (their request is accepted). Blocked either way, unknown or elsewhere: "not available"."""
    require_resident(actor)
    me = actor.user_id
    reachable_neighbour(db, me, actor.community_id, user_id)
    if are_friends(db, me, user_id):
        raise ServiceError(phrase("You are already friends."))
    theirs = db.exec(select(FriendRequest).where(FriendRequest.from_user_id == user_id,
                                                 FriendRequest.to_user_id == me)).first()
    if theirs is not None:
        _befriend(db, me, user_id)
        return "friends"
    if db.exec(select(FriendRequest.id).where(FriendRequest.from_user_id == me,
                                              FriendRequest.to_user_id == user_id)).first() is not None:
        raise ServiceError(phrase("You have already asked; wait for their answer."))
    if not may_request(db, me, user_id):
        raise ServiceError(phrase("This neighbour does not take friend requests from you."))
    open_count = len(db.exec(select(FriendRequest.id).where(FriendRequest.from_user_id == me)).all())
    if open_count >= MAX_OPEN_REQUESTS:
        raise ServiceError(phrase("You have {n} unanswered requests; wait for some answers first.", n=open_count))
    db.add(FriendRequest(from_user_id=me, to_user_id=user_id))
    db.flush()
    return "sent"


def _request_to_me(db: Session, actor: Actor, request_id: int) -> FriendRequest:
    require_resident(actor)
    req = db.get(FriendRequest, request_id)
    if req is None or req.to_user_id != actor.user_id:
        raise ServiceError(phrase("This request is no longer open."), code="not_found")
    return req


def accept_request(db: Session, actor: Actor, request_id: int) -> None:
    req = _request_to_me(db, actor, request_id)
    reachable_neighbour(db, actor.user_id, actor.community_id, req.from_user_id)
    _befriend(db, actor.user_id, req.from_user_id)


def decline_request(db: Session, actor: Actor, request_id: int) -> None:
    """The sender is not told; the request just goes."""
    db.delete(_request_to_me(db, actor, request_id))
    db.flush()


def withdraw_request(db: Session, actor: Actor, request_id: int) -> None:
    require_resident(actor)
    req = db.get(FriendRequest, request_id)
    if req is None or req.from_user_id != actor.user_id:
        raise ServiceError(phrase("This request is no longer open."), code="not_found")
    db.delete(req)
    db.flush()


def drop_friendship(db: Session, a: int, b: int) -> None:
    """No longer friends: the friendship goes, and each leaves the other's circles."""
    low, high = pair(a, b)
    db.execute(delete(Friendship).where(Friendship.low_user_id == low, Friendship.high_user_id == high))
    for owner, member in ((a, b), (b, a)):
        circles = select(Circle.id).where(Circle.owner_id == owner)
        db.execute(delete(CircleMember).where(CircleMember.user_id == member, CircleMember.circle_id.in_(circles)))
    db.flush()


def remove_friend(db: Session, actor: Actor, user_id: int) -> None:
    require_resident(actor)
    if not are_friends(db, actor.user_id, user_id):
        raise ServiceError(phrase("You are not friends with this neighbour."))
    drop_friendship(db, actor.user_id, user_id)


def my_friends(db: Session, actor: Actor) -> list[Person]:
    require_resident(actor)
    me = actor.user_id
    rows = db.exec(select(User.id, User.display_name).join(
        Friendship, ((Friendship.low_user_id == me) & (Friendship.high_user_id == User.id))
        | ((Friendship.high_user_id == me) & (Friendship.low_user_id == User.id))).order_by(User.display_name)).all()
    return [Person(uid, name) for uid, name in rows]


def my_requests(db: Session, actor: Actor) -> Requests:
    require_resident(actor)
    me = actor.user_id

    def listed(mine_col, other_col) -> list[tuple[int, Person]]:
        rows = db.exec(select(FriendRequest.id, User.id, User.display_name)
                       .join(User, User.id == other_col).where(mine_col == me)
                       .order_by(FriendRequest.created_at.desc())).all()
        return [(rid, Person(uid, name)) for rid, uid, name in rows]

    return Requests(listed(FriendRequest.to_user_id, FriendRequest.from_user_id),
                    listed(FriendRequest.from_user_id, FriendRequest.to_user_id))


def friends_version(db: Session, actor: Actor) -> tuple:
    """Moves when a request to or from me arrives or goes, or a friendship starts or ends (the
    friends page polls it to follow the other person's answer)."""
    reqs = my_requests(db, actor)
    return (tuple(r for r, _ in reqs.incoming), tuple(r for r, _ in reqs.outgoing),
            tuple(sorted(friend_ids(db, actor.user_id))))


def friends_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's keys for `friends_version` (core/change_rings.py): a request from or to me,
    a friendship of mine, made or gone; no scheduled change."""
    require_resident(actor)
    me = actor.user_id
    return [change_rings.key_of(FriendRequest, "from_user_id", me), change_rings.key_of(FriendRequest, "to_user_id", me),
            change_rings.key_of(Friendship, "low_user_id", me), change_rings.key_of(Friendship, "high_user_id", me)], None
