"""Joining a household has to be proven: with an invitation code that property staff issue (or a
member shares), or by a request that staff approve. Typing a building and unit proves nothing, so
registration no longer joins anyone. Staff remove members, members leave; because the Actor is
rebuilt from the database on every event, access ends at the very next click.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, select

from community_hub.accounts import rate_limits
from community_hub.core import prebuilt
from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_resident,
    require_staff_of,
    require_user,
)
from community_hub.core.rows import get_or_not_found
from community_hub.models import Household, HouseholdMember, Role, User, UserRole
from community_hub.models.audit import AuditEntry
from community_hub.models.base import utcnow
from community_hub.models.household_access import (
    HouseholdInvite,
    HouseholdJoinRequest,
    JoinRequestStatus,
)
from community_hub.notify.outbox import notify_user

# No 0/O, 1/I/L: people read these off a printed statement.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_TRIES_PER_HOUR = 5
MEMBER_INVITE_DAYS = 7
NOTE_LIMIT = 300
# A join request's status in a sentence ("This request was already approved.").
_REQUEST_WORDS = {JoinRequestStatus.PENDING: phrase("pending"), JoinRequestStatus.APPROVED: phrase("approved"),
                  JoinRequestStatus.DECLINED: phrase("declined"), JoinRequestStatus.WITHDRAWN: phrase("withdrawn")}


def household_label(h: Household) -> str:
    return f"{h.building}-{h.unit}"


def _audit(db: Session, actor: Actor, action: str, subject: str, detail: str = "") -> None:
    db.add(AuditEntry(actor_user_id=actor.user_id, action=action, subject=subject, detail=detail[:500]))


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_code(text: str) -> str:
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def _household(db: Session, household_id: int) -> Household:
    return get_or_not_found(db, Household, household_id, phrase("household"))


def _members(db: Session, household_id: int) -> list[int]:
    return list(db.exec(select(HouseholdMember.user_id).where(HouseholdMember.household_id == household_id)).all())


def _tell(db: Session, user_ids: list[int], template: str, **fields: object) -> None:
    for uid in user_ids:
        notify_user(db, uid, template, link="/home", **fields)


def _may_manage(actor: Actor, h: Household) -> bool:
    return actor.is_staff_of(h.community_id) or actor.holds(AdminPermission.SUPER)


# --- invitation codes ----------------------------------------------------------------------------

def issue_invite(db: Session, actor: Actor, household_id: int, *, max_uses: int = 1, days: int = 14,
                 now: datetime | None = None) -> HouseholdInvite:
    """Staff issue a code for a household (1-20 uses, 1-90 days); a member may share a single-use
    code that lasts a week."""
    require_user(actor)
    h = _household(db, household_id)
    now = now or utcnow()
    if _may_manage(actor, h):
        if not (isinstance(max_uses, int) and 1 <= max_uses <= 20):
            raise ServiceError("An invitation can be used 1 to 20 times.")
        if not (isinstance(days, int) and 1 <= days <= 90):
            raise ServiceError("An invitation lasts 1 to 90 days.")
        by_member = False
    elif actor.household_id == h.id:
        max_uses, days, by_member = 1, MEMBER_INVITE_DAYS, True
    else:
        raise PermissionDenied("Only property staff or a member of this household can invite to it.")
    invite = HouseholdInvite(household_id=h.id, code=_new_code(), max_uses=max_uses,
                             expires_at=now + timedelta(days=days), created_by=actor.user_id, by_member=by_member)
    db.add(invite)
    _audit(db, actor, "household.invite", f"household:{h.id}", f"{max_uses} use(s), {days} day(s)")
    db.flush()
    return invite


@dataclass(frozen=True)
class InviteRow:
    id: int
    code: str
    uses: int
    max_uses: int
    expires_at: datetime
    active: bool
    by_member: bool


def household_invites(db: Session, actor: Actor, household_id: int, now: datetime | None = None) -> list[InviteRow]:
    """The household's codes, usable ones first then newest first (staff and the household's members)."""
    require_user(actor)
    h = _household(db, household_id)
    if not (_may_manage(actor, h) or actor.household_id == h.id):
        raise PermissionDenied("Only property staff or a member of this household can see its invitations.")
    now = now or utcnow()
    rows = db.exec(select(HouseholdInvite).where(HouseholdInvite.household_id == h.id)
                   .order_by(HouseholdInvite.id.desc())).all()
    out = [InviteRow(i.id, i.code, i.uses, i.max_uses, i.expires_at, _usable(i, now), i.by_member) for i in rows]
    return sorted(out, key=lambda r: not r.active)


def _usable(invite: HouseholdInvite, now: datetime) -> bool:
    return invite.revoked_at is None and invite.uses < invite.max_uses and invite.expires_at > now


def active_invite_code(db: Session, household_id: int, now: datetime | None = None) -> str:
    """A staff code that still works, for the bill statement ("" when there is none)."""
    now = now or utcnow()
    rows = db.exec(select(HouseholdInvite).where(HouseholdInvite.household_id == household_id,
                                                 HouseholdInvite.by_member.is_(False))
                   .order_by(HouseholdInvite.id.desc())).all()
    return next((i.code for i in rows if _usable(i, now)), "")


def revoke_invite(db: Session, actor: Actor, invite_id: int, now: datetime | None = None) -> HouseholdInvite:
    require_user(actor)
    invite = get_or_not_found(db, HouseholdInvite, invite_id, phrase("invitation"), lock=True)
    h = _household(db, invite.household_id)
    if not (_may_manage(actor, h) or (actor.household_id == h.id and invite.created_by == actor.user_id)):
        raise PermissionDenied("Only property staff, or the member who shared it, can revoke this invitation.")
    if invite.revoked_at is None:
        invite.revoked_at = now or utcnow()
        db.add(invite)
        _audit(db, actor, "household.invite_revoked", f"household:{h.id}", invite.code)
    return invite


def join_with_code(db: Session, actor: Actor, code: str, now: datetime | None = None) -> Household:
    """A signed-in person joins the household the code belongs to. Wrong codes are counted: five in
    an hour and the person must wait (a code cannot be found by guessing)."""
    require_user(actor)
    now = now or utcnow()
    if actor.household_id is not None:
        raise ServiceError("You already belong to a household. Leave it first to join another.",
                           code="already_member")
    key = f"user:{actor.user_id}"
    if rate_limits.count_recent(db, "household_code", key, timedelta(hours=1), now) >= CODE_TRIES_PER_HOUR:
        raise ServiceError("Too many wrong codes. Try again in an hour, or ask property staff.",
                           code="rate_limited")
    wanted = normalize_code(code)
    invite = None
    if len(wanted) == 9:
        invite = db.exec(select(HouseholdInvite).where(HouseholdInvite.code == wanted).with_for_update()).first()
    if invite is None or not _usable(invite, now):
        rate_limits.record(db, "household_code", key, now)
        raise ServiceError("That invitation code does not work: it may be mistyped, used up, expired or "
                           "revoked. Ask property staff or a member of the household for a new one.",
                           code="bad_code", keep=True)
    h = _household(db, invite.household_id)
    _check_community(db, actor, h)
    invite.uses += 1
    db.add(invite)
    _add_member(db, actor, h, how=f"code {invite.code}")
    return h


def _check_community(db: Session, actor: Actor, h: Household) -> None:
    """A resident of another community cannot join here; one with no community yet joins this one."""
    row = db.exec(select(UserRole).where(UserRole.user_id == actor.user_id, UserRole.role == Role.RESIDENT)).first()
    if row is None:
        db.add(UserRole(user_id=actor.user_id, role=Role.RESIDENT, community_id=h.community_id))
    elif row.community_id is None:
        row.community_id = h.community_id
        db.add(row)
    elif row.community_id != h.community_id:
        raise ServiceError("That household is in another community.", code="other_community")


def _add_member(db: Session, actor: Actor, h: Household, how: str) -> None:
    others = _members(db, h.id)
    db.add(HouseholdMember(household_id=h.id, user_id=actor.user_id, relation="resident"))
    _audit(db, actor, "household.joined", f"household:{h.id}", how)
    _tell(db, others, "household_member_joined", name=actor.display_name, unit=household_label(h))
    db.flush()


# --- requests staff approve ----------------------------------------------------------------------

def request_to_join(db: Session, actor: Actor, building: str, unit: str, note: str = "") -> HouseholdJoinRequest:
    """Ask property staff to add you to a unit of your community; its members are told."""
    require_resident(actor)
    if actor.household_id is not None:
        raise ServiceError("You already belong to a household.", code="already_member")
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ServiceError(phrase("The note is too long ({limit} characters at most).", limit=NOTE_LIMIT))
    building, unit = (building or "").strip().upper()[:20], (unit or "").strip()[:20]
    h = db.exec(select(Household).where(Household.community_id == actor.community_id,
                                        Household.building == building, Household.unit == unit)).first()
    if h is None:
        raise ServiceError(phrase("There is no unit {building}-{unit} in your community. Check the building and unit.",
                                  building=building, unit=unit),
                           code="bad_household")
    open_request = db.exec(select(HouseholdJoinRequest).where(
        HouseholdJoinRequest.user_id == actor.user_id,
        HouseholdJoinRequest.status == JoinRequestStatus.PENDING)).first()
    if open_request is not None:
        raise ServiceError("You have already asked to join a household; property staff will answer it. "
                           "Withdraw it to ask for another unit.", code="request_open")
    req = HouseholdJoinRequest(household_id=h.id, user_id=actor.user_id, note=note)
    db.add(req)
    _audit(db, actor, "household.join_requested", f"household:{h.id}", note)
    _tell(db, _members(db, h.id), "household_join_requested", name=actor.display_name, unit=household_label(h))
    db.flush()
    return req


def withdraw_join_request(db: Session, actor: Actor) -> None:
    require_user(actor)
    req = db.exec(select(HouseholdJoinRequest).where(
        HouseholdJoinRequest.user_id == actor.user_id,
        HouseholdJoinRequest.status == JoinRequestStatus.PENDING).with_for_update()).first()
    if req is None:
        raise ServiceError("You have no open request.", code="no_request")
    req.status = JoinRequestStatus.WITHDRAWN
    db.add(req)
    _audit(db, actor, "household.join_withdrawn", f"household:{req.household_id}")


@dataclass(frozen=True)
class JoinRequestRow:
    id: int
    household_id: int
    unit: str
    user_id: int
    name: str
    login: str
    note: str
    created_at: datetime


def join_requests(db: Session, actor: Actor, community_id: int) -> list[JoinRequestRow]:
    """The staff queue: open requests of the community, oldest first."""
    require_staff_of(actor, community_id)
    rows = db.exec(
        select(HouseholdJoinRequest, Household, User)
        .join(Household, Household.id == HouseholdJoinRequest.household_id)
        .join(User, User.id == HouseholdJoinRequest.user_id)
        .where(Household.community_id == community_id, HouseholdJoinRequest.status == JoinRequestStatus.PENDING)
        .order_by(HouseholdJoinRequest.created_at, HouseholdJoinRequest.id)
    ).all()
    return [JoinRequestRow(r.id, h.id, household_label(h), u.id, u.display_name, u.email or u.phone or "",
                           r.note, r.created_at) for r, h, u in rows]


def decide_join_request(db: Session, actor: Actor, request_id: int, approve: bool,
                        now: datetime | None = None) -> HouseholdJoinRequest:
    """Staff approve (the person joins at once) or decline; the person is told either way."""
    req = get_or_not_found(db, HouseholdJoinRequest, request_id, phrase("request"), lock=True)
    h = _household(db, req.household_id)
    require_staff_of(actor, h.community_id)
    if req.status != JoinRequestStatus.PENDING:
        raise ServiceError(phrase("This request was already {status}.", status=_REQUEST_WORDS.get(req.status, req.status)),
                           code="decided")
    req.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
    req.decided_by, req.decided_at = actor.user_id, now or utcnow()
    db.add(req)
    person = db.get(User, req.user_id)
    if approve:
        if db.exec(select(HouseholdMember).where(HouseholdMember.user_id == req.user_id)).first() is not None:
            raise ServiceError(phrase("{name} already belongs to a household.", name=person.display_name),
                               code="already_member")
        others = _members(db, h.id)
        db.add(HouseholdMember(household_id=h.id, user_id=req.user_id, relation="resident"))
        _tell(db, others, "household_member_joined", name=person.display_name, unit=household_label(h))
    _audit(db, actor, "household.join_" + req.status, f"household:{h.id}", f"user:{req.user_id}")
    _tell(db, [req.user_id], "household_request_" + req.status, unit=household_label(h))
    db.flush()
    return req


# --- members ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberRow:
    user_id: int
    name: str
    relation: str


def household_members(db: Session, actor: Actor, household_id: int) -> list[MemberRow]:
    require_user(actor)
    h = _household(db, household_id)
    if not (_may_manage(actor, h) or actor.household_id == h.id):
        raise PermissionDenied("Only property staff or a member of this household can see who lives there.")
    return [MemberRow(u.id, u.display_name, m.relation) for m, u in _member_rows(db, h.id)]


def _member_rows(db: Session, household_id: int) -> list[tuple[HouseholdMember, User]]:
    """Who lives there, by name."""
    return list(db.exec(select(HouseholdMember, User).join(User, User.id == HouseholdMember.user_id)
                        .where(HouseholdMember.household_id == household_id).order_by(User.display_name)).all())


def remove_member(db: Session, actor: Actor, household_id: int, user_id: int) -> None:
    """Staff take a person out of a household; their access to it ends at their next click."""
    h = _household(db, household_id)
    require_staff_of(actor, h.community_id)
    row = db.exec(select(HouseholdMember).where(HouseholdMember.household_id == h.id,
                                                HouseholdMember.user_id == user_id)).first()
    if row is None:
        raise ServiceError("That person is not a member of this household.", code="not_member")
    db.delete(row)
    _audit(db, actor, "household.member_removed", f"household:{h.id}", f"user:{user_id}")
    _tell(db, [user_id], "household_removed", unit=household_label(h))


def leave_household(db: Session, actor: Actor) -> None:
    require_user(actor)
    row = db.exec(select(HouseholdMember).where(HouseholdMember.user_id == actor.user_id)).first()
    if row is None:
        raise ServiceError("You do not belong to a household.", code="not_member")
    h = _household(db, row.household_id)
    db.delete(row)
    db.flush()
    _audit(db, actor, "household.left", f"household:{h.id}")
    _tell(db, _members(db, h.id), "household_member_left", name=actor.display_name, unit=household_label(h))


@dataclass(frozen=True)
class MyHousehold:
    """What a resident's home and repair form show about where they live."""
    unit: str  # "" when they belong to none yet
    pending_unit: str  # the unit they asked to join, waiting for staff
    how_to_join: str


HOW_TO_JOIN = phrase("You are not part of a household yet, so bills, repairs and votes of a flat are not shown. "
                     "Enter the invitation code from your household's bill statement or from a member of the "
                     "household, or ask property staff to add you.")


def my_household(db: Session, actor: Actor) -> MyHousehold:
    require_user(actor)
    if actor.household_id is not None:
        return MyHousehold(household_label(_household(db, actor.household_id)), "", "")
    return _not_in_one(db, actor)


def _not_in_one(db: Session, actor: Actor) -> MyHousehold:
    req = db.exec(select(HouseholdJoinRequest).where(
        HouseholdJoinRequest.user_id == actor.user_id,
        HouseholdJoinRequest.status == JoinRequestStatus.PENDING)).first()
    pending = household_label(_household(db, req.household_id)) if req else ""
    return MyHousehold("", pending, HOW_TO_JOIN)


@dataclass(frozen=True)
class HouseholdPage:
    """The resident's household card: where they live, who else does, a code they shared that
    still works, and the staff's code the bill statement prints."""
    home: MyHousehold
    members: list[str]
    my_code: str
    statement_code: str


def my_household_page(db: Session, actor: Actor, now: datetime | None = None) -> HouseholdPage:
    """The card in three queries (the household, its members, its codes), where reading it through
    my_household, household_members, household_invites and active_invite_code took seven: it is on
    the resident's home page (docs/PROFILE.md)."""
    require_user(actor)
    if actor.household_id is None:
        return HouseholdPage(_not_in_one(db, actor), [], "", "")
    h = _household(db, actor.household_id)  # their own household: a member may read all of this
    names = [name for (name,) in prebuilt.rows(db, _MEMBER_NAMES, household_id=h.id)]
    now = now or utcnow()
    usable = [(code, by_member) for code, by_member, revoked, uses, most, expires
              in prebuilt.rows(db, _INVITES, household_id=h.id)
              if revoked is None and uses < most and expires > now]  # as _usable
    mine = next((code for code, by_member in usable if by_member), "")
    staff = next((code for code, by_member in usable if not by_member), "")
    return HouseholdPage(MyHousehold(household_label(h), "", ""), names, mine, staff)


# The card's two lists as plain columns, built once (core/prebuilt.py): a household of 60 read
# as (member, user) objects cost 0.9 ms of the home page's interpreter.
_MEMBER_NAMES = (select(User.display_name).join(HouseholdMember, HouseholdMember.user_id == User.id)
                 .where(HouseholdMember.household_id == bindparam("household_id")).order_by(User.display_name))
_INVITES = (select(HouseholdInvite.code, HouseholdInvite.by_member, HouseholdInvite.revoked_at, HouseholdInvite.uses,
                   HouseholdInvite.max_uses, HouseholdInvite.expires_at)
            .where(HouseholdInvite.household_id == bindparam("household_id")).order_by(HouseholdInvite.id.desc()))
