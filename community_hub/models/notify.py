"""The outbox (source of truth for every message) and the in-app inbox."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    IN_APP = "in_app"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a worker; a lease expiry hands it back if the worker dies
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry


class OutboxMessage(SQLModel, table=True):
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str
    to_address: str = Field(max_length=254)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    template: str
    subject: str = ""
    body: str
    link: str = ""  # in-app only: where the notification leads
    status: str = Field(default=OutboxStatus.PENDING)
    attempts: int = 0
    next_attempt_at: datetime = utc_field(default_factory=utcnow)
    lease_until: datetime | None = utc_field(default=None)
    last_error: str = ""
    created_at: datetime = utc_field(default_factory=utcnow)
    sent_at: datetime | None = utc_field(default=None)


class InboxItem(SQLModel, table=True):
    """An in-app notification as the user sees it."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    outbox_id: int | None = Field(default=None, foreign_key="outboxmessage.id", unique=True)
    title: str
    body: str
    link: str = ""
    created_at: datetime = utc_field(default_factory=utcnow)
    read_at: datetime | None = utc_field(default=None)
