"""Which channels each step's messages go by (issue 18): the back office's matrix (a row only
where an admin changed the default, notify/step_channels.py holds the defaults) and each
member's own "not by this channel" choices within it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class StepChannelRule(SQLModel, table=True):
    """An admin's choice for one step (a message template) to one side (resident / staff)."""

    __tablename__ = "step_channel_rule"
    __table_args__ = (UniqueConstraint("step", "side"),)

    id: int | None = Field(default=None, primary_key=True)
    step: str = Field(max_length=60)
    side: str = Field(max_length=16)  # "resident" or "staff" (the shop, the property office, a worker)
    in_app: bool = True
    email: bool = False
    sms: bool = False
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = utc_field(default_factory=utcnow)


class MemberChannelOff(SQLModel, table=True):
    """A member turned one channel off for one kind of message (orders, bills, repairs, sharing, news)."""

    __tablename__ = "member_channel_off"
    __table_args__ = (UniqueConstraint("user_id", "category", "channel"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    category: str = Field(max_length=20)
    channel: str = Field(max_length=10)  # in_app, email, sms
