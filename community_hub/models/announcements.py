"""Platform announcements (issue 18): a message from the back office to everyone, or to the
residents, merchants or agents, or to one community's residents. Each recipient also gets it in
their inbox; it shows as a banner on their pages until they have opened it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class Audience:
    EVERYONE = "everyone"
    RESIDENTS = "residents"
    MERCHANTS = "merchants"
    AGENTS = "agents"
    COMMUNITY = "community"  # one community's residents

    ALL = (EVERYONE, RESIDENTS, MERCHANTS, AGENTS, COMMUNITY)


class PlatformAnnouncement(SQLModel, table=True):
    __tablename__ = "platform_announcement"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=120)
    body: str = Field(max_length=2000)
    audience: str = Field(max_length=16)
    community_id: int | None = Field(default=None, foreign_key="community.id")
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow, index=True)
    recipients: int = 0  # how many inboxes it went to when it was sent


class AnnouncementRead(SQLModel, table=True):
    """Someone opened the announcement: it leaves their banner."""

    __tablename__ = "announcement_read"

    announcement_id: int = Field(foreign_key="platform_announcement.id", primary_key=True)
    user_id: int = Field(foreign_key="user.id", primary_key=True, index=True)
    read_at: datetime = utc_field(default_factory=utcnow)
