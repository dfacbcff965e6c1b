"""A property company runs its own communities: staff create one (it joins their company, and they
become its staff), edit its name, address, place on the map, time zone and slug, and switch
between the communities they staff (the picker of the staff pages). Platform admins reach any.

The company is never typed by staff: it is the company of the community they are working on, so
a staff member of company A cannot make or touch anything of company B, whatever a socket sends.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.local_time import check_zone
from community_hub.core.permissions import Actor, AdminPermission, require_role, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import AuditEntry, Community, PropertyCompany, Role, UserRole
from community_hub.models.community_setup import StaffCommunityChoice

NAME_LIMIT = 120
ADDRESS_LIMIT = 200
SLUG_LIMIT = 60
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


@dataclass(frozen=True)
class CommunityView:
    id: int
    slug: str
    name: str
    address: str
    lat: float
    lon: float
    time_zone: str
    company: str


@dataclass(frozen=True)
class CommunityFields:
    """What a staff member types for a community, checked (see `check_fields`)."""

    name: str
    slug: str
    address: str
    lat: float
    lon: float
    time_zone: str


def _view(db: Session, c: Community) -> CommunityView:
    company = db.get(PropertyCompany, c.property_company_id) if c.property_company_id else None
    return CommunityView(c.id, c.slug, c.name, c.address, c.lat, c.lon, c.time_zone, company.name if company else "")


def _coordinate(text: object, what: object, limit: float) -> float:
    try:
        value = float(str(text).strip()[:30])
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > limit:
        raise ServiceError(phrase("The {what} must be a number from -{limit} to {limit}.", what=what,
                                  limit=int(limit)), code="bad_location")
    return round(value, 6)


def check_fields(*, name: str, slug: str, address: str, lat: object, lon: object, time_zone: str) -> CommunityFields:
    """Every field of a community checked at once, or the first refusal a person can act on."""
    name, address = (name or "").strip(), (address or "").strip()
    slug = (slug or "").strip().lower()
    if not name:
        raise ServiceError("Give the community a name.", code="bad_name")
    if len(name) > NAME_LIMIT:
        raise ServiceError(phrase("The name is too long ({limit} characters at most).", limit=NAME_LIMIT))
    if len(address) > ADDRESS_LIMIT:
        raise ServiceError(phrase("The address is too long ({limit} characters at most).", limit=ADDRESS_LIMIT))
    if not slug or len(slug) > SLUG_LIMIT or not _SLUG.match(slug):
        raise ServiceError(phrase("The web address name may use a-z, 0-9 and dashes, {limit} characters at most "
                                  "(like maple-court).", limit=SLUG_LIMIT), code="bad_slug")
    return CommunityFields(name, slug, address, _coordinate(lat, phrase("latitude"), 90),
                           _coordinate(lon, phrase("longitude"), 180),
                           check_zone(time_zone))


def _slug_free(db: Session, slug: str, community_id: int | None) -> None:
    taken = db.exec(select(Community.id).where(Community.slug == slug)).first()
    if taken is not None and taken != community_id:
        raise ServiceError(phrase("The web address name {slug} is already taken; choose another.", slug=slug),
                           code="slug_taken")


def _company_for_new(db: Session, actor: Actor, company_id: int | None) -> PropertyCompany:
    """Staff: the company of the community they are working on. Admins name the company (or
    take the one of the community they picked)."""
    if actor.holds(AdminPermission.SUPER) and company_id is not None:
        return get_or_not_found(db, PropertyCompany, company_id, phrase("property company"))
    current = actor.community_id if actor.community_id is not None and (
        actor.holds(AdminPermission.SUPER) or actor.is_staff_of(actor.community_id)) else None
    community = db.get(Community, current) if current is not None else None
    if community is None or community.property_company_id is None or (
            company_id is not None and company_id != community.property_company_id):
        raise PermissionDenied("Only staff of a property company can start a community for it.")
    return db.get(PropertyCompany, community.property_company_id)


def create_community(db: Session, actor: Actor, *, name: str, slug: str, address: str = "", lat: object,
                     lon: object, time_zone: str, company_id: int | None = None) -> CommunityView:
    """A new community of the actor's company; its creator becomes its staff and works on it next."""
    require_role(actor, Role.PROPERTY_STAFF)
    company = _company_for_new(db, actor, company_id)
    fields = check_fields(name=name, slug=slug, address=address, lat=lat, lon=lon, time_zone=time_zone)
    _slug_free(db, fields.slug, None)
    c = Community(slug=fields.slug, name=fields.name, address=fields.address, lat=fields.lat, lon=fields.lon,
                  time_zone=fields.time_zone, property_company_id=company.id)
    db.add(c)
    db.flush()
    if not actor.holds(AdminPermission.SUPER):
        db.add(UserRole(user_id=actor.user_id, role=Role.PROPERTY_STAFF, community_id=c.id))
    db.add(AuditEntry(actor_user_id=actor.user_id, action="community.created", subject=f"community:{c.id}",
                      detail=f"{c.name} ({c.slug}) for {company.name}"[:500]))
    _remember(db, actor, c.id)
    db.flush()
    return _view(db, c)


def edit_community(db: Session, actor: Actor, community_id: int, *, name: str, slug: str, address: str = "",
                   lat: object, lon: object, time_zone: str) -> CommunityView:
    """Change a community's name, address, place, time zone and slug (its staff, or an admin)."""
    require_staff_of(actor, community_id)
    c = get_or_not_found(db, Community, community_id, phrase("community"), lock=True)
    fields = check_fields(name=name, slug=slug, address=address, lat=lat, lon=lon, time_zone=time_zone)
    _slug_free(db, fields.slug, c.id)
    before = f"{c.name} ({c.slug}) {c.lat},{c.lon} {c.time_zone}"
    c.name, c.slug, c.address, c.lat, c.lon, c.time_zone = (fields.name, fields.slug, fields.address, fields.lat,
                                                            fields.lon, fields.time_zone)
    db.add(c)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="community.edited", subject=f"community:{c.id}",
                      detail=f"{before} -> {c.name} ({c.slug}) {c.lat},{c.lon} {c.time_zone}"[:500]))
    db.flush()
    return _view(db, c)


def community_detail(db: Session, actor: Actor, community_id: int) -> CommunityView:
    require_staff_of(actor, community_id)
    return _view(db, get_or_not_found(db, Community, community_id, phrase("community")))


def my_communities(db: Session, actor: Actor) -> list[CommunityView]:
    """The communities the actor staffs (every community for an admin), by name."""
    require_role(actor, Role.PROPERTY_STAFF)
    stmt = select(Community).order_by(Community.name, Community.id)
    if not actor.holds(AdminPermission.SUPER):
        stmt = stmt.where(Community.id.in_(list(actor.staff_community_ids)))
    return [_view(db, c) for c in db.exec(stmt).all()]


@dataclass(frozen=True)
class Picker:
    """The staff shell's community picker: the choices and the one being worked on."""

    choices: list[tuple[int, str]]
    current: int | None


def community_picker(db: Session, actor: Actor) -> Picker:
    mine = my_communities(db, actor)
    return Picker([(c.id, c.name) for c in mine], actor.community_id)


def _remember(db: Session, actor: Actor, community_id: int) -> None:
    if actor.session_id is None:
        return
    row = db.exec(select(StaffCommunityChoice).where(StaffCommunityChoice.session_id == actor.session_id)).first()
    if row is None:
        row = StaffCommunityChoice(session_id=actor.session_id, community_id=community_id)
    row.community_id = community_id
    db.add(row)


def choose_community(db: Session, actor: Actor, community_id: int) -> CommunityView:
    """Work on another of one's communities; remembered for this session, every staff list follows."""
    require_staff_of(actor, community_id)
    c = get_or_not_found(db, Community, community_id, phrase("community"))
    if actor.session_id is None:
        raise ServiceError("Log in again to switch communities.", code="no_session")
    _remember(db, actor, c.id)
    db.flush()
    return _view(db, c)
