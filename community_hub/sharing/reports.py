"""Reports of abuse in sharing: a member reports an item post, a message written to them or a
review they can read; the report waits in the admins' moderation queue (the one for shop reviews,
/admin/reviews) until an admin upholds it (the item is taken down, its buyer's money sent back;
the message or review is hidden) or dismisses it. One report per member and thing; deciding one
decides every open report of the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_resident,
)
from community_hub.core.rows import get_or_not_found
from community_hub.models import AuditEntry, User
from community_hub.models.base import utcnow
from community_hub.models.sharing import (
    ACTIVE_ITEM,
    Conversation,
    ConversationMessage,
    ItemStatus,
    SharedItem,
    SharingReport,
    SharingReview,
)
from community_hub.sharing import item_money
from community_hub.sharing.items import seen_item
from community_hub.sharing.relations import blocked_either_way, resident_community

KINDS = ("item", "message", "review")
REASON_LIMIT = 500
OPEN, UPHELD, DISMISSED = "open", "upheld", "dismissed"


@dataclass(frozen=True)
class ReportRow:
    report_id: int
    target_kind: str
    target_id: int
    reason: str
    reporter_name: str
    author_name: str  # who posted or wrote the reported thing
    text: str  # the item's title and description, the message or the review as written
    at: datetime


def _check_target(db: Session, actor: Actor, kind: str, target_id: int) -> None:
    """The reporter must be able to read what they report (and not be its author)."""
    if kind == "item":
        item = seen_item(db, actor, target_id)
        if item.owner_id == actor.user_id:
            raise ServiceError(phrase("This is your own item."))
    elif kind == "message":
        msg = db.get(ConversationMessage, target_id)
        conv = db.get(Conversation, msg.conversation_id) if msg else None
        if conv is None or actor.user_id not in (conv.owner_id, conv.other_id) or msg.sender_id == actor.user_id:
            raise NotFound(phrase("message"))
    elif kind == "review":
        review = db.get(SharingReview, target_id)
        if review is None or review.author_id == actor.user_id or (
                review.about_id != actor.user_id and (resident_community(db, review.about_id) != actor.community_id
                                                      or blocked_either_way(db, actor.user_id, review.about_id))):
            raise NotFound(phrase("review"))
    else:
        raise NotFound(phrase("report"))


def report(db: Session, actor: Actor, kind: str, target_id: int, reason: str) -> SharingReport:
    require_resident(actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError(phrase("Say what is wrong."))
    if len(reason) > REASON_LIMIT:
        raise ServiceError(phrase("A report is at most {n} characters.", n=REASON_LIMIT))
    _check_target(db, actor, kind, target_id)
    if db.exec(select(SharingReport.id).where(SharingReport.target_kind == kind, SharingReport.target_id == target_id,
                                              SharingReport.reporter_id == actor.user_id)).first():
        raise ServiceError(phrase("You have already reported this; an admin will look at it."))
    row = SharingReport(target_kind=kind, target_id=target_id, reporter_id=actor.user_id, reason=reason)
    db.add(row)
    db.flush()
    return row


def _target(db: Session, kind: str, target_id: int) -> tuple[int, str]:
    """(author id, the text an admin reads) of a reported thing."""
    if kind == "item":
        item = db.get(SharedItem, target_id)
        return (item.owner_id, f"{item.title}\n{item.description}".strip()) if item else (0, "")
    if kind == "message":
        msg = db.get(ConversationMessage, target_id)
        return (msg.sender_id, msg.body) if msg else (0, "")
    review = db.get(SharingReview, target_id)
    return (review.author_id, f"{'★' * review.rating} {review.comment}".strip()) if review else (0, "")


def open_reports(db: Session, actor: Actor) -> list[ReportRow]:
    """The moderation queue's sharing part: open reports, oldest first."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    rows = db.exec(select(SharingReport).where(SharingReport.state == OPEN).order_by(SharingReport.id).limit(200)).all()
    found = [(r, *_target(db, r.target_kind, r.target_id)) for r in rows]
    people = {r.reporter_id for r in rows} | {a for _, a, _ in found}
    names = dict(db.exec(select(User.id, User.display_name).where(User.id.in_(people))).all()) if people else {}
    return [ReportRow(r.id, r.target_kind, r.target_id, r.reason, names.get(r.reporter_id, ""), names.get(a, ""),
                      text, r.created_at) for r, a, text in found]


def _take_down(db: Session, actor: Actor, kind: str, target_id: int) -> None:
    if kind == "item":
        item = db.get(SharedItem, target_id, with_for_update=True, populate_existing=True)
        if item is not None and item.status in ACTIVE_ITEM:
            item.status, item.completed_at = ItemStatus.CANCELLED, None
            db.add(item)
            db.flush()
            if item.paid_at is not None:
                problem = item_money.give_money_back(db, actor, item)
                if problem:
                    raise ServiceError(problem, keep=True)
    elif kind == "message":
        msg = db.get(ConversationMessage, target_id, with_for_update=True)
        if msg is not None:
            msg.hidden = True
            db.add(msg)
    else:
        review = db.get(SharingReview, target_id, with_for_update=True)
        if review is not None:
            review.hidden = True
            db.add(review)


def decide(db: Session, actor: Actor, report_id: int, *, uphold: bool, note: str = "") -> SharingReport:
    """Uphold (take the thing down) or dismiss; every open report of the same thing goes with it."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    row = get_or_not_found(db, SharingReport, report_id, phrase("report"), lock=True)
    if row.state != OPEN:
        raise ServiceError(phrase("This report has already been decided."))
    state, now = (UPHELD if uphold else DISMISSED), utcnow()
    if uphold:
        _take_down(db, actor, row.target_kind, row.target_id)
    for r in db.exec(select(SharingReport).where(SharingReport.target_kind == row.target_kind,
                                                 SharingReport.target_id == row.target_id,
                                                 SharingReport.state == OPEN)).all():
        r.state, r.decided_by, r.decided_at = state, actor.user_id, now
        db.add(r)
    db.add(AuditEntry(actor_user_id=actor.user_id, action=f"sharing.report_{state}",
                      subject=f"{row.target_kind}:{row.target_id}", detail=(note or "").strip()[:500]))
    db.flush()
    return row
