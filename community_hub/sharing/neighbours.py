"""Finding neighbours of one's own community by name or unit, among those whose privacy allows it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.models import Household, HouseholdMember, Role, User, UserRole, UserStatus
from community_hub.models.sharing import FriendRequest
from community_hub.sharing.privacy import may_find
from community_hub.sharing.relations import friend_ids

MIN_QUERY = 2
MAX_QUERY = 60
SHOWN = 30
_CANDIDATES = 200  # looked at before privacy is applied (a search is narrow; a page shows 30)


@dataclass(frozen=True)
class Neighbour:
    user_id: int
    name: str
    unit: str  # "B-204", or "" when the member has no household
    relation: str  # "friend" | "requested" (I asked) | "asked_me" | ""


def _relation(db: Session, me: int, other: int, friends: set[int]) -> str:
    if other in friends:
        return "friend"
    rows = db.exec(select(FriendRequest.from_user_id).where(or_(
        (FriendRequest.from_user_id == me) & (FriendRequest.to_user_id == other),
        (FriendRequest.from_user_id == other) & (FriendRequest.to_user_id == me)))).all()
    if me in rows:
        return "requested"
    return "asked_me" if rows else ""


def find_neighbours(db: Session, actor: Actor, text: str) -> list[Neighbour]:
    """Residents of my community whose name or unit ("B-204", "204") holds `text`, who allow
    being found by me and are not blocked either way. Myself never."""
    require_resident(actor)
    query = (text or "").strip()
    if not query:
        raise ServiceError(phrase("Type a name or a unit to search for."))
    if len(query) < MIN_QUERY:  # one letter would list most of the community
        raise ServiceError(phrase("Type at least {n} characters of a name or a unit.", n=MIN_QUERY))
    if len(query) > MAX_QUERY:
        raise ServiceError(phrase("A search is at most {n} characters.", n=MAX_QUERY))
    like = f"%{query.lower()}%"
    unit = func.lower(Household.building + "-" + Household.unit)
    rows = db.exec(
        select(User.id, User.display_name, Household.building, Household.unit)
        .join(UserRole, UserRole.user_id == User.id)
        .outerjoin(HouseholdMember, HouseholdMember.user_id == User.id)
        .outerjoin(Household, Household.id == HouseholdMember.household_id)
        .where(UserRole.role == Role.RESIDENT, UserRole.community_id == actor.community_id,
               User.status == UserStatus.ACTIVE, User.id != actor.user_id,
               or_(func.lower(User.display_name).like(like), unit.like(like), func.lower(Household.unit).like(like)))
        .order_by(User.display_name, User.id).limit(_CANDIDATES)
    ).all()
    friends = friend_ids(db, actor.user_id)
    found: list[Neighbour] = []
    seen: set[int] = set()
    for uid, name, building, unit_no in rows:
        if uid in seen or not may_find(db, actor.user_id, uid):
            continue
        seen.add(uid)
        found.append(Neighbour(uid, name, f"{building}-{unit_no}" if unit_no else "",
                               _relation(db, actor.user_id, uid, friends)))
        if len(found) == SHOWN:
            break
    return found
