"""Which back-office sub-roles a platform admin holds (issue 18): finance, review, customer
service, content, super (core/permissions.AdminPermission). One row per admin and sub-role; the
Actor carries them (core/permissions.load_actor), so a service's check needs no query."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class AdminSubRole(SQLModel, table=True):
    __tablename__ = "admin_sub_role"
    __table_args__ = (UniqueConstraint("user_id", "permission"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    permission: str = Field(max_length=32)
    granted_by: int | None = Field(default=None, foreign_key="user.id")
    granted_at: datetime = utc_field(default_factory=utcnow)
