"""Buildings and units from a CSV the property office already keeps: one row per unit with its
building, unit, floor area, owner name and contact. All or nothing: a file with any bad row
imports nothing, and the refusal lists every bad row with its reason, so the office fixes the
file once and sends it again. Buildings named in the file that are not there yet are added."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import AuditEntry, Community, Household
from community_hub.models.community_setup import Building
from community_hub.property.buildings import check_unit

TEXT_LIMIT = 200_000  # characters: a few thousand units
ROW_LIMIT = 2_000
COLUMNS = ("building", "unit", "floor_area", "owner_name", "contact")
# Header spellings people use for each column (compared lower-case, spaces and dashes as "_").
_ALIASES = {"floor_area_m2": "floor_area", "area": "floor_area", "area_m2": "floor_area", "owner": "owner_name",
            "phone": "contact", "email": "contact"}
TEMPLATE = "building,unit,floor_area,owner_name,contact\nA,101,85,Ann Lee,+1 555 0101\n"


@dataclass(frozen=True)
class RowProblem:
    line: int  # the line of the file, as a spreadsheet numbers it (the header is line 1)
    reason: str  # a phrase: translated where it is shown


class ImportRefused(ServiceError):
    """Nothing imported; `problems` lists each bad row and why."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__(phrase("Nothing was imported: {count} rows have problems. Fix them and import the file again.",
                                count=len(problems)), code="csv_rows")
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    units: int
    buildings: int


def _header(row: list[str]) -> list[str]:
    names = [c.strip().lower().replace(" ", "_").replace("-", "_") for c in row]
    return [_ALIASES.get(n, n) for n in names]


def _rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = (text or "").lstrip("\ufeff")
    if not text.strip():
        raise ServiceError("The file is empty. The first line names the columns: building, unit, floor_area, "
                           "owner_name, contact.", code="csv_empty")
    if len(text) > TEXT_LIMIT:
        raise ServiceError(phrase("The file is too long ({limit} characters at most); import it in parts.",
                                  limit=TEXT_LIMIT), code="csv_long")
    try:
        lines = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ServiceError("That is not a CSV file we can read.", code="csv_unreadable") from exc
    header = _header(lines[0])
    missing = [c for c in ("building", "unit") if c not in header]
    if missing:
        raise ServiceError("The first line names the columns: building, unit, floor_area, owner_name, contact "
                           "(building and unit are needed).", code="csv_header")
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank lines are not units
        rows.append((number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}))
    if not rows:
        raise ServiceError("The file has no units under its first line.", code="csv_empty")
    if len(rows) > ROW_LIMIT:
        raise ServiceError(phrase("The file has more than {limit} units; import it in parts.", limit=ROW_LIMIT),
                           code="csv_long")
    return header, rows


def import_units(db: Session, actor: Actor, community_id: int, text: str) -> ImportResult:
    """Every row checked first; only a file with no bad row is written (one transaction)."""
    require_staff_of(actor, community_id)
    c = get_or_not_found(db, Community, community_id, phrase("community"))
    _header_row, rows = _rows(text)
    existing = {(b, u) for b, u in db.exec(select(Household.building, Household.unit)
                                           .where(Household.community_id == c.id)).all()}
    buildings = set(db.exec(select(Building.name).where(Building.community_id == c.id)).all())
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str], int] = {}
    good = []
    for line, row in rows:
        try:
            f = check_unit(building=row.get("building"), unit=row.get("unit"), area=row.get("floor_area", ""),
                           owner_name=row.get("owner_name", ""), owner_contact=row.get("contact", ""))
        except ServiceError as exc:
            problems.append(RowProblem(line, exc.message))
            continue
        key = (f.building, f.unit)
        if key in existing:
            problems.append(RowProblem(line, phrase("Unit {building}-{unit} is already there.", building=f.building,
                                                    unit=f.unit)))
        elif key in seen:
            problems.append(RowProblem(line, phrase("Unit {building}-{unit} is also on line {other}.",
                                                    building=f.building, unit=f.unit, other=seen[key])))
        else:
            seen[key] = line
            good.append(f)
    if problems:
        raise ImportRefused(problems)
    new_buildings = sorted({f.building for f in good} - buildings)
    for name in new_buildings:
        db.add(Building(community_id=c.id, name=name))
    for f in good:
        db.add(Household(community_id=c.id, building=f.building, unit=f.unit, area_m2=f.area_m2,
                         owner_name=f.owner_name, owner_contact=f.owner_contact))
    db.add(AuditEntry(actor_user_id=actor.user_id, action="community.units_imported", subject=f"community:{c.id}",
                      detail=f"{len(good)} unit(s), {len(new_buildings)} new building(s)"))
    db.flush()
    return ImportResult(units=len(good), buildings=len(new_buildings))
