"""Notices and announcements per community, their attachments and read receipts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class NoticeAudience(StrEnum):
    COMMUNITY = "community"
    BUILDINGS = "buildings"
    HOUSEHOLDS = "households"


class NoticeStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Notice(SQLModel, table=True):
    __table_args__ = (Index("ix_notice_list", "community_id", "status", "publish_at"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    title: str = Field(max_length=160)
    body: str = ""  # markdown
    pinned: bool = False
    urgent: bool = False
    # Shown on the community's public front (/c/{slug}) to visitors who are not logged in.
    public: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    audience: str = Field(default=NoticeAudience.COMMUNITY)
    # Buildings by name and household ids; used only by the matching audience kind.
    audience_buildings: list = Field(default_factory=list, sa_type=JSON)
    audience_household_ids: list = Field(default_factory=list, sa_type=JSON)
    status: str = Field(default=NoticeStatus.DRAFT)
    publish_at: datetime | None = utc_field(default=None)  # None: visible as soon as published
    expire_at: datetime | None = utc_field(default=None)
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)
    updated_at: datetime = utc_field(default_factory=utcnow)
    published_at: datetime | None = utc_field(default=None)
    urgent_sent_at: datetime | None = utc_field(default=None)  # urgent messages go out once


class NoticeAttachment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    path: str  # relative to the uploads folder
    original_name: str = Field(max_length=200)
    content_type: str
    size: int


class NoticeRead(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("notice_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    read_at: datetime = utc_field(default_factory=utcnow)
