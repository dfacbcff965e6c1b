"""Member cards, the short kiosk sessions they open, and the nonces already spent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class MemberCard(SQLModel, table=True):
    """A card the lobby card reader reads (its uid as the reader reports it) → a member."""

    id: int | None = Field(default=None, primary_key=True)
    card_uid: str = Field(unique=True, index=True, max_length=128)
    user_id: int = Field(foreign_key="user.id", index=True)
    active: bool = True
    created_at: datetime = utc_field(default_factory=utcnow)


class KioskMemberSession(SQLModel, table=True):
    """A member logged in at a kiosk by card or phone QR: short-lived, no password, ended on idle."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    kiosk_id: int = Field(foreign_key="kioskdevice.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    method: str = Field(max_length=10)  # card | phone
    created_at: datetime = utc_field(default_factory=utcnow)
    expires_at: datetime = utc_field()
    ended_at: datetime | None = utc_field(default=None)


class KioskNonce(SQLModel, table=True):
    """A signature nonce (bridge) or phone-token id already accepted: a second use is a replay.
    In the database, not in memory, so it holds across workers."""

    __table_args__ = (UniqueConstraint("scope", "nonce"),)
    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=60)  # "bridge:<kiosk code>" or "phone"
    nonce: str = Field(max_length=64)
    signed_at: datetime = utc_field()  # entries older than the window may be deleted
