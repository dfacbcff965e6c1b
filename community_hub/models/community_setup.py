"""What a property company sets up for a community itself: its buildings (a unit — a Household —
names its building by the building's name), and which of the company's communities a staff
member's session is working on (the community picker of the staff pages)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class Building(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("community_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    name: str = Field(max_length=20)  # "A", "B", "North": what Household.building holds
    floors: int = 0  # 0 when nobody said
    created_at: datetime = utc_field(default_factory=utcnow)


class StaffCommunityChoice(SQLModel, table=True):
    """The community a staff session works on (one row per session). In the database, not in the
    browser's state, so every worker and every service call agree on it; the Actor reads it."""

    id: int | None = Field(default=None, primary_key=True)
    # Goes with its session when old sessions are purged (accounts/purge.py deletes them in bulk).
    session_id: int = Field(sa_column=Column(Integer, ForeignKey("authsession.id", ondelete="CASCADE"), unique=True,
                                             nullable=False))
    community_id: int = Field(foreign_key="community.id")
