"""Loading one row by id for a service: the row, or the NotFound a person reads.

Services look a row up before checking who may act on it; a missing row and a row the actor may
not see read alike ("That order does not exist or is not yours to see."), so both end here or in
the permission check that follows.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session

from community_hub.core.errors import NotFound

T = TypeVar("T")


def get_or_not_found(db: Session, model: type[T], row_id: Any, what: str, *, lock: bool = False,
                     fresh: bool = False) -> T:
    """The row of `model` with this id, or NotFound(what).

    lock: take the row lock (SELECT ... FOR UPDATE) for a change that must not race.
    fresh: read the row again even when this session holds it already (after waiting for a lock,
    the row as it is now, not the copy from earlier in the session).
    """
    row = db.get(model, row_id, with_for_update=lock, populate_existing=fresh)
    if row is None:
        raise NotFound(what)
    return row
