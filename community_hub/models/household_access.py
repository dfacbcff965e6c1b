"""How a person comes to belong to a household: an invitation code staff issue (or a member
shares), or a request that staff approve. Until then a resident belongs to the community only."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from community_hub.models.base import unique_where, utc_field, utcnow


class HouseholdInvite(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    # Kept readable on purpose: staff show it on the household's page and print it on the bill
    # statement. It grants one household only, expires, counts its uses and can be revoked.
    code: str = Field(unique=True, max_length=16)
    max_uses: int = Field(default=1, ge=1, le=20)
    uses: int = 0
    expires_at: datetime = utc_field()
    revoked_at: datetime | None = utc_field(default=None)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    by_member: bool = False  # shared by a member of the household, not issued by staff
    created_at: datetime = utc_field(default_factory=utcnow)


class JoinRequestStatus:
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class HouseholdJoinRequest(SQLModel, table=True):
    # One open request per person at a time: the queue staff work through has no duplicates.
    __table_args__ = (unique_where("uq_join_request_one_open", "user_id", where="status = 'pending'"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    note: str = Field(default="", max_length=300)
    status: str = Field(default=JoinRequestStatus.PENDING, max_length=12, index=True)
    created_at: datetime = utc_field(default_factory=utcnow)
    decided_by: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = utc_field(default=None)
