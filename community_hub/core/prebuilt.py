"""Reads whose statement is built once, at import, and run with named parameters.

A page's small reads cost SQLAlchemy more Python than the database takes to answer them:
building `select(...).where(...)` and computing its cache key is about 80 us on every call, and
the ORM's execution path about 25 us more for a statement of plain columns (docs/PROFILE.md,
tenth round: 124 -> 21 us for three columns of a resident's orders). A statement built once
keeps its cache key (SQLAlchemy memoizes it on the object), and `rows` runs a statement of
columns on the session's own connection, in its transaction, without the ORM.

Use it for reads on hot pages whose columns are named; anything that returns mapped objects
keeps to `db.exec(STATEMENT, params=...)`, which still saves the building.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.sql import Executable
from sqlmodel import Session


def rows(db: Session, statement: Executable, **params: Any) -> Sequence[Row]:
    """Every row of a prebuilt statement of columns, in `db`'s transaction. Changes pending in
    the session are flushed first, as `db.exec` would, so a read after a write sees it."""
    if db.autoflush and (db.new or db.dirty or db.deleted):
        db.flush()
    return db.connection().execute(statement, params).all()


def scalar(db: Session, statement: Executable, **params: Any) -> Any:
    """The first column of the first row (None when there is none)."""
    found = rows(db, statement, **params)
    return found[0][0] if found else None
