"""The qualification files of an agent application, for the people who may read them: the
reviewers (platform admins with the review permission) and the applicant. A file is read from the
upload folder only by its row, never by a path someone sends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core import upload_staging, uploads
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_user,
)
from community_hub.core.rows import get_or_not_found
from community_hub.membership.agents import FILE_KINDS
from community_hub.models.referrals import Agent, AgentApplication, AgentApplicationFile


@dataclass(frozen=True)
class FileRow:
    id: int
    name: str
    content_type: str
    added_at: datetime


@dataclass(frozen=True)
class FileContent:
    name: str
    content_type: str
    data: bytes


def _may_read(actor: Actor, app: AgentApplication) -> None:
    require_user(actor)
    if app.user_id != actor.user_id:
        require_admin_permission(actor, AdminPermission.REVIEW)


def files_of(db: Session, actor: Actor, application_id: int) -> list[FileRow]:
    """The application's files, oldest first (the applicant's own, or any for a reviewer)."""
    app = get_or_not_found(db, AgentApplication, application_id, phrase("application"))
    _may_read(actor, app)
    rows = db.exec(select(AgentApplicationFile).where(AgentApplicationFile.application_id == app.id)
                   .order_by(AgentApplicationFile.id)).all()
    return [FileRow(r.id, r.original_name, r.content_type, r.created_at) for r in rows]


def open_file(db: Session, actor: Actor, file_id: int) -> FileContent:
    """One file's bytes, as stored (pictures re-encoded at upload, PDFs as they came)."""
    row = get_or_not_found(db, AgentApplicationFile, file_id, phrase("file"))
    app = db.get(AgentApplication, row.application_id)
    if app is None:
        raise NotFound(phrase("application"))
    _may_read(actor, app)
    root = uploads.upload_root().resolve()
    target = (root / row.path).resolve()
    if root not in target.parents or not target.is_file():
        raise ServiceError(phrase("This file is no longer stored."), code="gone")
    return FileContent(row.original_name, row.content_type, target.read_bytes())


def stage_file(db: Session, actor: Actor, data: bytes) -> str:
    """A file picked on the agent application form, kept on disk under a token until the form is
    sent (core/upload_staging): only a logged-in member who is not an agent yet gets one kept, and
    only a picture or a PDF."""
    require_user(actor)
    if db.exec(select(Agent.id).where(Agent.user_id == actor.user_id)).first() is not None:
        raise ServiceError(phrase("You are an agent already."), code="already_agent")
    return upload_staging.stage(data, FILE_KINDS)
