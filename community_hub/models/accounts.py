"""Users, their roles, server-side sessions, verification codes and rate-limit events."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class Role(StrEnum):
    RESIDENT = "resident"
    MERCHANT = "merchant"
    AGENT = "agent"
    PROPERTY_STAFF = "property_staff"
    PLATFORM_ADMIN = "platform_admin"
    KIOSK = "kiosk"


class UserStatus(StrEnum):
    PENDING = "pending"  # registered, code not yet entered: cannot log in
    ACTIVE = "active"
    DISABLED = "disabled"


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str | None = Field(default=None, unique=True, index=True, max_length=254)
    phone: str | None = Field(default=None, unique=True, index=True, max_length=20)
    display_name: str = Field(max_length=80)
    password_hash: str
    status: str = Field(default=UserStatus.PENDING, index=True)
    created_at: datetime = utc_field(default_factory=utcnow)
    verified_at: datetime | None = utc_field(default=None)
    disabled_at: datetime | None = utc_field(default=None)
    # "en" or "zh" once the member chose (core/i18n.py); "" follows the browser's language.
    language: str = Field(default="", max_length=8, sa_column_kwargs={"server_default": ""})


class UserRole(SQLModel, table=True):
    """A role held by a user, scoped to a community (staff, resident) or a merchant (owner/staff)."""

    __table_args__ = (UniqueConstraint("user_id", "role", "community_id", "merchant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    role: str = Field(index=True)
    community_id: int | None = Field(default=None, foreign_key="community.id")
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")
    granted_at: datetime = utc_field(default_factory=utcnow)


class AuthSession(SQLModel, table=True):
    """A logged-in browser. The browser holds only the random token; we keep its SHA-256."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = utc_field(default_factory=utcnow)
    expires_at: datetime = utc_field()
    revoked_at: datetime | None = utc_field(default=None)
    client_ip: str = ""
    # Last use, written at most every few minutes: a session idle too long ends (accounts.auth).
    last_seen_at: datetime | None = utc_field(default=None)


class CodePurpose(StrEnum):
    REGISTER = "register"
    RESET = "reset"
    UNLOCK = "unlock"  # many failed log-ins: the owner proves it is them


class VerificationCode(SQLModel, table=True):
    __table_args__ = (Index("ix_code_dest_created", "destination", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    destination: str = Field(max_length=254)
    purpose: str
    code_hash: str
    created_at: datetime = utc_field(default_factory=utcnow)
    expires_at: datetime = utc_field()
    attempts: int = 0
    used_at: datetime | None = utc_field(default=None)


class RateEvent(SQLModel, table=True):
    """One counted attempt (a code sent from an IP, a failed login for an identifier).

    Counting rows in a time window works the same on every worker and survives restarts.
    """

    __table_args__ = (Index("ix_rate_kind_key_at", "kind", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    key: str = Field(max_length=254)
    at: datetime = utc_field(default_factory=utcnow)
