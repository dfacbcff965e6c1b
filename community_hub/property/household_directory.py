"""The staff's list of a community's households: who lives where, and the invitation code that
works now. Read by the property portal's Households page; the rules for joining and leaving are
in household_access.py."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, or_, select

from community_hub.core.permissions import Actor, require_staff_of
from community_hub.models import Household, HouseholdMember, User
from community_hub.models.base import utcnow
from community_hub.models.household_access import HouseholdInvite
from community_hub.property.household_access import household_label

SEARCH_LIMIT = 40  # characters of a search; longer text cannot match a unit or a name anyway
PAGE_LIMIT = 200  # a page never lists more; the search narrows it


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    unit: str
    members: list[str]
    code: str  # a staff code that still works, "" when none


def _unit_key(h: Household) -> tuple:
    # B-9 before B-10: people read unit numbers as numbers.
    return (h.building, int(h.unit) if h.unit.isdigit() else 10**9, h.unit)


def community_households(db: Session, actor: Actor, community_id: int, query: str = "") -> list[HouseholdRow]:
    """Households by building and unit; `query` matches a unit ("B-204", "204") or a member's name."""
    require_staff_of(actor, community_id)
    q = (query or "").strip()[:SEARCH_LIMIT]
    stmt = select(Household).where(Household.community_id == community_id)
    if q:
        like = f"%{q.lower()}%"
        named = select(HouseholdMember.household_id).join(User, User.id == HouseholdMember.user_id).where(
            User.display_name.ilike(like))
        building, _, unit = q.upper().partition("-")
        stmt = stmt.where(or_(Household.id.in_(named), Household.unit == q,
                              (Household.building == building) & (Household.unit == unit)))
    homes = sorted(db.exec(stmt).all(), key=_unit_key)[:PAGE_LIMIT]
    names: dict[int, list[str]] = {h.id: [] for h in homes}
    codes = _staff_codes(db, list(names))
    if homes:
        rows = db.exec(select(HouseholdMember.household_id, User.display_name)
                       .join(User, User.id == HouseholdMember.user_id)
                       .where(HouseholdMember.household_id.in_(list(names))).order_by(User.display_name)).all()
        for hid, name in rows:
            names[hid].append(name)
    return [HouseholdRow(h.id, household_label(h), names[h.id], codes.get(h.id, "")) for h in homes]


def _staff_codes(db: Session, household_ids: list[int]) -> dict[int, str]:
    """The newest staff code that still works, per household, in one query."""
    if not household_ids:
        return {}
    rows = db.exec(select(HouseholdInvite).where(
        HouseholdInvite.household_id.in_(household_ids), HouseholdInvite.by_member.is_(False),
        HouseholdInvite.revoked_at.is_(None), HouseholdInvite.expires_at > utcnow(),
        HouseholdInvite.uses < HouseholdInvite.max_uses).order_by(HouseholdInvite.id.desc())).all()
    out: dict[int, str] = {}
    for invite in rows:
        out.setdefault(invite.household_id, invite.code)
    return out
