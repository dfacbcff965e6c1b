"""The registration agreement and the platform rules: platform admins publish versions (a title and
text with headings); registering accepts the current versions; a member who has not accepted the
current version of either is asked once, on their next page, and the acceptance is recorded with
its version and time. Published versions are never edited: a change is a new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from community_hub.core import change_rings, prebuilt
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.kept_reads import KeptReads
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_user,
)
from community_hub.core.rung_reads import RungReads
from community_hub.models.agreements import DocumentAcceptance, DocumentKind, PlatformDocument
from community_hub.models.base import utcnow

MAX_TITLE = 120
MAX_BODY = 20_000
KIND_NAMES = {DocumentKind.AGREEMENT: "registration agreement", DocumentKind.RULES: "platform rules"}
# Every page asks whether the member has a new version to accept (`due`): the current versions are
# the same for everyone, so they are kept a few seconds. Publishing in this process drops them at
# once; a version published on another worker is asked for within 5 s. Accepting and registering
# read them afresh, so a version that is no longer current is still refused there.
_CURRENT = KeptReads((PlatformDocument,), fresh_s=5.0)
# What a member accepted, asked on every page they open (`due`): kept until they accept more
# (core/rung_reads.py), read as plain ids by a statement built once (core/prebuilt.py).
_ACCEPTED = RungReads()
_ACCEPTED_IDS = select(DocumentAcceptance.document_id).where(DocumentAcceptance.user_id == bindparam("user_id"))


@dataclass(frozen=True)
class DocumentView:
    id: int
    kind: str
    version: int
    title: str
    body: str
    published_at: datetime


def _view(d: PlatformDocument) -> DocumentView:
    return DocumentView(d.id, d.kind, d.version, d.title, d.body, d.published_at)


def _current_rows(db: Session) -> list[PlatformDocument]:
    """The newest version of each kind, agreement first."""
    newest = (select(PlatformDocument.kind, func.max(PlatformDocument.version).label("v"))
              .group_by(PlatformDocument.kind).subquery())
    rows = db.exec(select(PlatformDocument).join(
        newest, (PlatformDocument.kind == newest.c.kind) & (PlatformDocument.version == newest.c.v))).all()
    order = list(DocumentKind)
    return sorted(rows, key=lambda d: order.index(d.kind) if d.kind in order else len(order))


def current_documents(db: Session, actor: Actor) -> list[DocumentView]:
    """What registering accepts now (public: the register form shows it)."""
    return [_view(d) for d in _current_rows(db)]


def publish(db: Session, actor: Actor, kind: str, *, title: str, body: str) -> DocumentView:
    """A new version of the agreement or the rules; members accept it on their next visit."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    if kind not in (DocumentKind.AGREEMENT, DocumentKind.RULES):
        raise ServiceError(phrase("Choose the registration agreement or the platform rules."), code="bad_kind")
    title, body = str(title or "").strip(), str(body or "").strip().replace("\r\n", "\n")
    if not 1 <= len(title) <= MAX_TITLE:
        raise ServiceError(phrase("Give it a title ({limit} characters at most).", limit=MAX_TITLE), code="bad_title")
    if not 1 <= len(body) <= MAX_BODY:
        raise ServiceError(phrase("Write the text ({limit} characters at most).", limit=MAX_BODY), code="bad_body")
    last = db.exec(select(func.max(PlatformDocument.version)).where(PlatformDocument.kind == kind)).first() or 0
    doc = PlatformDocument(kind=kind, version=last + 1, title=title, body=body, published_by=actor.user_id)
    db.add(doc)
    db.flush()
    return _view(doc)


def history(db: Session, actor: Actor) -> list[DocumentView]:
    """Every version of both, newest first (admins)."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    return [_view(d) for d in db.exec(select(PlatformDocument).order_by(
        PlatformDocument.kind, PlatformDocument.version.desc())).all()]


def record_acceptance(db: Session, user_id: int, shown_ids: list[int] | tuple[int, ...], now: datetime | None = None) -> None:
    """Registration's part: the documents the form showed must be the current ones (a version
    published meanwhile is refused: read it first), and each is recorded as accepted."""
    current = _current_rows(db)
    if sorted(int(i) for i in shown_ids) != sorted(d.id for d in current):
        if not shown_ids and current:
            raise ServiceError(phrase("Accept the registration agreement and the platform rules to register."),
                               code="not_accepted")
        raise ServiceError(phrase("The agreement changed while you were reading. Read the new version and accept it."),
                           code="agreement_changed")
    _accept(db, user_id, current, now or utcnow())


def _accept(db: Session, user_id: int, docs: list[PlatformDocument], now: datetime) -> None:
    done = set(db.exec(select(DocumentAcceptance.document_id).where(
        DocumentAcceptance.user_id == user_id, DocumentAcceptance.document_id.in_([d.id for d in docs]))).all())
    for d in docs:
        if d.id not in done:
            db.add(DocumentAcceptance(user_id=user_id, document_id=d.id, version=d.version, accepted_at=now))
    db.flush()


def due(db: Session, actor: Actor) -> list[DocumentView]:
    """Current versions this member has not accepted yet (empty for a visitor or a kiosk device)."""
    if not actor.is_authenticated or actor.kiosk_code:
        return []
    current = _CURRENT.kept(db, ("current",), lambda own: [_view(d) for d in _current_rows(own)])
    if not current:
        return []
    done = _ACCEPTED.kept(db, ("accepted", actor.user_id),
                          [change_rings.key_of(DocumentAcceptance, "user_id", actor.user_id)],
                          lambda: frozenset(i for (i,) in prebuilt.rows(db, _ACCEPTED_IDS, user_id=actor.user_id)))
    return [d for d in current if d.id not in done]


def accept(db: Session, actor: Actor, document_ids: list[int]) -> int:
    """A member accepts what they were shown; a version that is not current any more is refused
    (the newer one is shown instead). Returns how many were recorded."""
    require_user(actor)
    current = {d.id: d for d in _current_rows(db)}
    wanted = [int(i) for i in document_ids]
    if not wanted or any(i not in current for i in wanted):
        raise ServiceError(phrase("The agreement changed while you were reading. Read the new version and accept it."),
                           code="agreement_changed")
    _accept(db, actor.user_id, [current[i] for i in wanted], utcnow())
    return len(wanted)


def acceptances(db: Session, actor: Actor, user_id: int) -> list[tuple[str, int, datetime]]:
    """(kind, version, when) a member accepted, oldest first: their own, or anyone's for admins."""
    require_user(actor)
    if actor.user_id != user_id:
        require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    rows = db.exec(select(PlatformDocument.kind, DocumentAcceptance.version, DocumentAcceptance.accepted_at)
                   .join(PlatformDocument, PlatformDocument.id == DocumentAcceptance.document_id)
                   .where(DocumentAcceptance.user_id == user_id).order_by(DocumentAcceptance.id)).all()
    return [(k, v, at) for k, v, at in rows]
