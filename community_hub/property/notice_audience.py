"""Who a notice is for, as staff type it: buildings ("A, B") or homes ("A-101, B-204"). Homes are
the ones where residents live (a notice for an empty flat would reach no one), and a home that
is not one of them is refused by name, before anything is saved."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property.notices import residents_of

TEXT_LIMIT = 2000


def buildings_from_text(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(b.strip().upper() for b in (text or "")[:TEXT_LIMIT].split(",") if b.strip()))


def households_from_text(db: Session, community_id: int, text: str) -> tuple[int, ...]:
    """ "A-101, b-204" -> the household ids, in the order typed; unknown homes are refused."""
    by_unit = {f"{r.building}-{r.unit}".upper(): r.household_id for r in residents_of(db, community_id)}
    wanted = list(dict.fromkeys(u.strip().upper() for u in (text or "")[:TEXT_LIMIT].split(",") if u.strip()))
    unknown = [u for u in wanted if u not in by_unit]
    if unknown:
        raise ServiceError(phrase("No residents live in {homes} (write homes like B-204).", homes=", ".join(unknown)))
    return tuple(by_unit[u] for u in wanted)


def unit_names(db: Session, community_id: int) -> dict[int, str]:
    """household id -> "B-204", for showing a notice's audience back."""
    return {r.household_id: f"{r.building}-{r.unit}" for r in residents_of(db, community_id)}
