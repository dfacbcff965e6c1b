"""Community events with capacity, sign-ups, a waiting list and check-in."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class SignupStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class CommunityEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    title: str = Field(max_length=120)
    description: str = ""
    location: str = Field(default="", max_length=120)
    starts_at: datetime = utc_field()
    ends_at: datetime = utc_field()
    capacity: int = Field(gt=0)
    # Open to all: listed on the community's public front (signing up still needs a login).
    public: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    checkin_code: str = Field(max_length=16)  # shown at the door (a kiosk QR later) for self check-in
    cancelled_at: datetime | None = utc_field(default=None)
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)


class EventSignup(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        Index("ix_signup_queue", "event_id", "status", "queued_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="communityevent.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    household_id: int | None = Field(default=None, foreign_key="household.id")
    status: str
    queued_at: datetime = utc_field(default_factory=utcnow)  # waiting-list order
    ticket_code: str = Field(unique=True, max_length=16)  # the attendee's code for staff check-in
    checked_in_at: datetime | None = utc_field(default=None)
