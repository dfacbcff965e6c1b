"""Who did what and when, for decisions that must be kept (role changes, reviews, refunds)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class AuditEntry(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(index=True)
    subject: str  # e.g. "user:12"
    detail: str = ""
    at: datetime = utc_field(default_factory=utcnow)
