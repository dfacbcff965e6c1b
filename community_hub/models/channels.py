"""Staff-defined content: channels (a model of fields plus entries) and forms (fields plus submissions).

Field definitions are JSON lists of {key, label, type, required, choices, min, max, max_length,
pattern, help}; the rules for them live in services/forms.py.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class InfoChannel(SQLModel, table=True):
    """A channel such as "Service guide" or "Lost and found" (named so it does not clash with the
    notification `Channel` enum)."""

    __table_args__ = (UniqueConstraint("community_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    name: str = Field(max_length=80)
    slug: str = Field(max_length=90)
    description: str = ""
    header_text: str = ""
    footer_text: str = ""
    seo_title: str = Field(default="", max_length=70)
    seo_description: str = Field(default="", max_length=160)
    fields: list = Field(default_factory=list, sa_type=JSON)
    published: bool = False
    # Readable by visitors who are not logged in, at /c/{slug}/channel/{channel} (published ones only).
    public: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    position: int = 0
    created_at: datetime = utc_field(default_factory=utcnow)


class ChannelEntry(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    channel_id: int = Field(foreign_key="infochannel.id", index=True)
    data: dict = Field(default_factory=dict, sa_type=JSON)  # field key -> value
    position: int = 0
    published: bool = True
    created_at: datetime = utc_field(default_factory=utcnow)
    updated_at: datetime = utc_field(default_factory=utcnow)


class FormStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class FormDefinition(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    title: str = Field(max_length=120)
    description: str = ""
    fields: list = Field(default_factory=list, sa_type=JSON)
    status: str = Field(default=FormStatus.DRAFT)
    one_per_resident: bool = False
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)
    published_at: datetime | None = utc_field(default=None)


class FormSubmission(SQLModel, table=True):
    # once_key is "u:<user id>" for one-per-resident forms and NULL otherwise (NULLs never collide).
    __table_args__ = (UniqueConstraint("form_id", "once_key"),)

    id: int | None = Field(default=None, primary_key=True)
    form_id: int = Field(foreign_key="formdefinition.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    household_id: int | None = Field(default=None, foreign_key="household.id")
    once_key: str | None = Field(default=None, max_length=40)
    data: dict = Field(default_factory=dict, sa_type=JSON)  # field key -> value
    submitted_at: datetime = utc_field(default_factory=utcnow)
