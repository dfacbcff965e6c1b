"""The care inbox: suggestions, questions and complaints from residents, answered by staff."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class CareKind(StrEnum):
    SUGGESTION = "suggestion"
    QUESTION = "question"
    COMPLAINT = "complaint"
    PRAISE = "praise"


class CareStatus(StrEnum):
    OPEN = "open"  # waiting for staff
    ANSWERED = "answered"  # staff replied; the resident may follow up
    CLOSED = "closed"


class CareTicket(SQLModel, table=True):
    __table_args__ = (Index("ix_care_queue", "community_id", "status", "updated_at"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    household_id: int | None = Field(default=None, foreign_key="household.id")
    user_id: int = Field(foreign_key="user.id", index=True)
    kind: str
    subject: str = Field(max_length=120)
    status: str = Field(default=CareStatus.OPEN)
    created_at: datetime = utc_field(default_factory=utcnow)
    updated_at: datetime = utc_field(default_factory=utcnow)


class CareMessage(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="careticket.id", index=True)
    author_user_id: int = Field(foreign_key="user.id")
    from_staff: bool = False
    body: str = Field(max_length=4000)
    at: datetime = utc_field(default_factory=utcnow)
