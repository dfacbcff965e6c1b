"""The registration agreement and the platform rules: versioned texts kept by platform admins, and
who accepted which version when."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class DocumentKind(StrEnum):
    AGREEMENT = "agreement"  # the registration agreement
    RULES = "rules"  # the platform rules


class PlatformDocument(SQLModel, table=True):
    """One version of one document; the highest version of a kind is the current one. Versions are
    never edited once published: a change is a new version, which members accept again."""

    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    version: int
    title: str = Field(max_length=120)
    body: str = Field(max_length=20000)  # markdown: headings with #, paragraphs
    published_by: int = Field(foreign_key="user.id")
    published_at: datetime = utc_field(default_factory=utcnow)


class DocumentAcceptance(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("user_id", "document_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    document_id: int = Field(foreign_key="platformdocument.id", index=True)
    version: int  # kept beside the document id so the record reads on its own
    accepted_at: datetime = utc_field(default_factory=utcnow)
