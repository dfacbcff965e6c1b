"""Who may find me among the neighbours, and who may send me friend requests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.models.base import utcnow
from community_hub.models.sharing import Reach, SharingPrivacy
from community_hub.sharing.relations import are_friends, blocked_either_way, friend_ids

REACHES = tuple(Reach)


@dataclass(frozen=True)
class Privacy:
    findable_by: str
    requests_from: str


def _row(db: Session, user_id: int) -> SharingPrivacy:
    return db.get(SharingPrivacy, user_id) or SharingPrivacy(user_id=user_id)


def my_privacy(db: Session, actor: Actor) -> Privacy:
    require_resident(actor)
    row = _row(db, actor.user_id)
    return Privacy(row.findable_by, row.requests_from)


def set_privacy(db: Session, actor: Actor, *, findable_by: str, requests_from: str) -> Privacy:
    require_resident(actor)
    if findable_by not in REACHES or requests_from not in REACHES:
        raise ServiceError(phrase("Choose the whole community, friends of friends or nobody."))
    row = _row(db, actor.user_id)
    row.findable_by, row.requests_from, row.updated_at = findable_by, requests_from, utcnow()
    db.add(row)
    db.flush()
    return Privacy(row.findable_by, row.requests_from)


def _reaches(db: Session, reach: str, me: int, other: int) -> bool:
    if reach == Reach.COMMUNITY:
        return True
    if reach == Reach.FRIENDS_OF_FRIENDS:
        return are_friends(db, me, other) or bool(friend_ids(db, me) & friend_ids(db, other))
    return False


def may_find(db: Session, seeker: int, target: int) -> bool:
    """Whether `seeker` (a neighbour of the same community, checked by the caller) finds `target`."""
    if blocked_either_way(db, seeker, target):
        return False
    return are_friends(db, seeker, target) or _reaches(db, _row(db, target).findable_by, target, seeker)


def may_request(db: Session, sender: int, target: int) -> bool:
    return _reaches(db, _row(db, target).requests_from, target, sender)
