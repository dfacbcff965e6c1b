"""A community's buildings and their units, added one at a time by its staff (a CSV of many is
unit_import.py, which checks each row with the same `check_unit`). A unit is a Household row:
people join it with an invitation code or a request (household_access.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import AuditEntry, Community, Household, HouseholdMember
from community_hub.models.community_setup import Building

BUILDING_LIMIT = 20
UNIT_LIMIT = 20
OWNER_LIMIT = 80
CONTACT_LIMIT = 120
AREA_MAX = 100_000  # m²: larger is a typing mistake
FLOORS_MAX = 300


@dataclass(frozen=True)
class UnitFields:
    building: str
    unit: str
    area_m2: int
    owner_name: str
    owner_contact: str


def _whole(text: object, what: object, high: int) -> int:
    raw = str(text if text is not None else "").strip()[:12]
    if raw == "":
        return 0
    if not raw.isdigit() or int(raw) > high:
        raise ServiceError(phrase("The {what} must be a whole number from 0 to {high}.", what=what, high=high),
                           code="bad_number")
    return int(raw)


def building_name(text: object) -> str:
    name = str(text or "").strip().upper()
    if not name:
        raise ServiceError("Name the building (like A or North).", code="bad_building")
    if len(name) > BUILDING_LIMIT:
        raise ServiceError(phrase("A building name has {limit} characters at most.", limit=BUILDING_LIMIT),
                           code="bad_building")
    return name


def check_unit(*, building: object, unit: object, area: object = "", owner_name: object = "",
               owner_contact: object = "") -> UnitFields:
    """One unit's fields checked, or the refusal that names what to fix."""
    b = building_name(building)
    u = str(unit or "").strip()  # as typed: residents asking to join type it so
    if not u:
        raise ServiceError("Say the unit (like 204).", code="bad_unit")
    if len(u) > UNIT_LIMIT:
        raise ServiceError(phrase("A unit has {limit} characters at most.", limit=UNIT_LIMIT), code="bad_unit")
    owner, contact = str(owner_name or "").strip(), str(owner_contact or "").strip()
    if len(owner) > OWNER_LIMIT:
        raise ServiceError(phrase("The owner's name is too long ({limit} characters at most).", limit=OWNER_LIMIT))
    if len(contact) > CONTACT_LIMIT:
        raise ServiceError(phrase("The contact is too long ({limit} characters at most).", limit=CONTACT_LIMIT))
    return UnitFields(b, u, _whole(area, phrase("floor area"), AREA_MAX), owner, contact)


def _community(db: Session, actor: Actor, community_id: int) -> Community:
    require_staff_of(actor, community_id)
    return get_or_not_found(db, Community, community_id, phrase("community"))


def _audit(db: Session, actor: Actor, action: str, community_id: int, detail: str) -> None:
    db.add(AuditEntry(actor_user_id=actor.user_id, action=action, subject=f"community:{community_id}",
                      detail=detail[:500]))


def add_building(db: Session, actor: Actor, community_id: int, name: str, floors: object = "") -> Building:
    c = _community(db, actor, community_id)
    b = Building(community_id=c.id, name=building_name(name), floors=_whole(floors, phrase("number of floors"), FLOORS_MAX))
    if db.exec(select(Building.id).where(Building.community_id == c.id, Building.name == b.name)).first():
        raise ServiceError(phrase("There is a building {name} already.", name=b.name), code="building_exists")
    db.add(b)
    _audit(db, actor, "community.building_added", c.id, b.name)
    db.flush()
    return b


def add_unit(db: Session, actor: Actor, community_id: int, *, building: str, unit: str, area: object = "",
             owner_name: str = "", owner_contact: str = "") -> Household:
    """A unit in one of the community's buildings (the building must be there first)."""
    c = _community(db, actor, community_id)
    fields = check_unit(building=building, unit=unit, area=area, owner_name=owner_name, owner_contact=owner_contact)
    if db.exec(select(Building.id).where(Building.community_id == c.id, Building.name == fields.building)).first() is None:
        raise ServiceError(phrase("There is no building {name} yet; add the building first.", name=fields.building),
                           code="no_building")
    if db.exec(select(Household.id).where(Household.community_id == c.id, Household.building == fields.building,
                                          Household.unit == fields.unit)).first() is not None:
        raise ServiceError(phrase("Unit {building}-{unit} is already there.", building=fields.building,
                                  unit=fields.unit), code="unit_exists")
    h = Household(community_id=c.id, building=fields.building, unit=fields.unit, area_m2=fields.area_m2,
                  owner_name=fields.owner_name, owner_contact=fields.owner_contact)
    db.add(h)
    _audit(db, actor, "community.unit_added", c.id, f"{h.building}-{h.unit}")
    db.flush()
    return h


def edit_unit(db: Session, actor: Actor, household_id: int, *, area: object = "", owner_name: str = "",
              owner_contact: str = "") -> Household:
    """Change a unit's floor area, owner and contact (its building and number stay)."""
    h = get_or_not_found(db, Household, household_id, phrase("unit"), lock=True)
    require_staff_of(actor, h.community_id)
    fields = check_unit(building=h.building, unit=h.unit, area=area, owner_name=owner_name,
                        owner_contact=owner_contact)
    h.area_m2, h.owner_name, h.owner_contact = fields.area_m2, fields.owner_name, fields.owner_contact
    db.add(h)
    _audit(db, actor, "community.unit_edited", h.community_id, f"{h.building}-{h.unit}")
    db.flush()
    return h


@dataclass(frozen=True)
class BuildingRow:
    id: int
    name: str
    floors: int
    units: int


def community_buildings(db: Session, actor: Actor, community_id: int) -> list[BuildingRow]:
    c = _community(db, actor, community_id)
    counts = dict(db.exec(select(Household.building, func.count(Household.id))
                          .where(Household.community_id == c.id).group_by(Household.building)).all())
    rows = db.exec(select(Building).where(Building.community_id == c.id).order_by(Building.name)).all()
    return [BuildingRow(b.id, b.name, b.floors, counts.get(b.name, 0)) for b in rows]


@dataclass(frozen=True)
class UnitRow:
    id: int
    building: str
    unit: str
    area_m2: int
    owner_name: str
    owner_contact: str
    members: int


UNITS_PAGE = 500


def community_units(db: Session, actor: Actor, community_id: int, building: str = "") -> list[UnitRow]:
    """Units by building and number (B-9 before B-10), optionally of one building."""
    c = _community(db, actor, community_id)
    stmt = select(Household).where(Household.community_id == c.id)
    wanted = str(building or "").strip().upper()[:BUILDING_LIMIT]
    if wanted:
        stmt = stmt.where(Household.building == wanted)
    homes = db.exec(stmt).all()
    members = dict(db.exec(select(HouseholdMember.household_id, func.count(HouseholdMember.id))
                           .where(HouseholdMember.household_id.in_([h.id for h in homes]))
                           .group_by(HouseholdMember.household_id)).all()) if homes else {}
    homes = sorted(homes, key=lambda h: (h.building, int(h.unit) if h.unit.isdigit() else 10**9, h.unit))
    return [UnitRow(h.id, h.building, h.unit, h.area_m2, h.owner_name, h.owner_contact, members.get(h.id, 0))
            for h in homes[:UNITS_PAGE]]
