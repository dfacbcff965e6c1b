"""How background jobs share their work when every app worker runs them.

Each worker runs the outbox and housekeeping loops (lifespan tasks of the app). A job picks the
rows it will work on with `SELECT ... FOR UPDATE SKIP LOCKED`: on PostgreSQL a row another worker
has locked is skipped, not waited for, so two workers take different rows and neither does one
twice; the row's new state (sent, signed, settled) keeps it from the next pass once committed.
SQLite renders no FOR UPDATE: there `session_scope`'s BEGIN IMMEDIATE lets one writer in at a time,
which is the same guarantee for the one machine SQLite serves.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from sqlmodel.sql.expression import Select, SelectOfScalar


def claim(db: Session, query: Select | SelectOfScalar, of: Any = None) -> list:
    """The rows of `query`, locked for this transaction; rows locked elsewhere are left out.
    `of`: the table to lock when the query joins several. Objects are re-read after the lock."""
    locked = query.with_for_update(skip_locked=True, of=of).execution_options(populate_existing=True)
    return list(db.exec(locked).all())
