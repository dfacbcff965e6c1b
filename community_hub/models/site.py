"""The public site: host names bound to a community's front or a shop, and what search engines read
about each public page (title, description, keywords) when its owner wrote something."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class HostBinding(SQLModel, table=True):
    """`maple.example.org` -> the front of one community, or one shop. Exactly one of the two ids is
    set (the service checks it); `enabled` is the platform admin's switch."""

    id: int | None = Field(default=None, primary_key=True)
    host: str = Field(unique=True, index=True, max_length=253)  # lower case, no port
    community_id: int | None = Field(default=None, foreign_key="community.id")
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")
    enabled: bool = True
    created_at: datetime = utc_field(default_factory=utcnow)


class PageSeo(SQLModel, table=True):
    """What the owner of a public page wrote for search engines. `kind` says what `ref_id` names:
    community (a front), shop (a Merchant), product, channel (an InfoChannel), entry (a
    ChannelEntry). An empty field falls back to a default made from the page's own content."""

    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    ref_id: int
    title: str = Field(default="", max_length=70)
    description: str = Field(default="", max_length=160)
    keywords: str = Field(default="", max_length=200)
    updated_at: datetime = utc_field(default_factory=utcnow)
