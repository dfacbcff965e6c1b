"""Shared column types. Time is timezone-aware UTC in the database; money is integer minor units."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Index, text
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC; SQLite has no time zones, so we add UTC back on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use community_hub.models.base.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def unique_where(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows that match `where` only (a partial index), the same on SQLite
    and PostgreSQL: e.g. one pending row per owner, however many finished ones."""
    return Index(name, *columns, unique=True, sqlite_where=text(where), postgresql_where=text(where))


def utc_field(**kwargs: Any) -> Any:
    """A UTC timestamp column; pass default_factory=utcnow for 'created at'."""
    return Field(sa_type=UTCDateTime, **kwargs)
