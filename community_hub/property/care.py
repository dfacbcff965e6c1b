"""The care inbox: a resident writes in, staff reply or change the status, the resident is notified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident, require_staff_of, staff_or_owner
from community_hub.core.rows import get_or_not_found
from community_hub.models import Household, User
from community_hub.models.base import utcnow
from community_hub.models.care import CareKind, CareMessage, CareStatus, CareTicket
from community_hub.notify import outbox

MAX_BODY = 4000
# A conversation's status in a sentence ("This conversation is already closed.").
STATUS_WORDS = {CareStatus.OPEN: phrase("open"), CareStatus.ANSWERED: phrase("answered"), CareStatus.CLOSED: phrase("closed")}


@dataclass(frozen=True)
class MessageRow:
    author: str
    from_staff: bool
    body: str
    at: datetime


@dataclass(frozen=True)
class TicketView:
    id: int
    kind: str
    subject: str
    status: str
    resident: str
    unit: str  # "A-101", or "" for a resident without a household
    created_at: datetime
    updated_at: datetime
    messages: list[MessageRow]


def _body(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ServiceError("Write your message.")
    if len(text) > MAX_BODY:
        raise ServiceError(phrase("The message is too long (at most {limit} characters).", limit=MAX_BODY))
    return text


def submit(db: Session, actor: Actor, *, kind: str, subject: str, body: str,
           now: datetime | None = None) -> CareTicket:
    """A resident sends a suggestion, question, complaint or praise to the property staff."""
    require_resident(actor)
    if kind not in set(CareKind):
        raise ServiceError("Choose suggestion, question, complaint or praise.")
    subject = (subject or "").strip()
    if not subject or len(subject) > 120:
        raise ServiceError("Give your message a subject (at most 120 characters).")
    text = _body(body)
    now = now or utcnow()
    ticket = CareTicket(community_id=actor.community_id, household_id=actor.household_id, user_id=actor.user_id,
                        kind=kind, subject=subject, created_at=now, updated_at=now)
    db.add(ticket)
    db.flush()
    db.add(CareMessage(ticket_id=ticket.id, author_user_id=actor.user_id, body=text, at=now))
    db.flush()
    return ticket


def _load(db: Session, actor: Actor, ticket_id: int, *, lock: bool = False) -> tuple[CareTicket, bool]:
    """The ticket and whether the actor acts as staff; others than its author and staff get NotFound."""
    t = get_or_not_found(db, CareTicket, ticket_id, phrase("message"), lock=lock)
    return t, staff_or_owner(actor, t.community_id, owns=t.user_id == actor.user_id, what=phrase("message"))


def reply(db: Session, actor: Actor, ticket_id: int, body: str, *, close: bool = False,
          now: datetime | None = None) -> CareTicket:
    """Staff answer (status answered, or closed with close=True); the resident gets an in-app note and email."""
    t, staff = _load(db, actor, ticket_id, lock=True)
    require_staff_of(actor, t.community_id)
    text = _body(body)
    now = now or utcnow()
    db.add(CareMessage(ticket_id=t.id, author_user_id=actor.user_id, from_staff=True, body=text, at=now))
    t.status = CareStatus.CLOSED if close else CareStatus.ANSWERED
    t.updated_at = now
    user = db.get(User, t.user_id)
    outbox.notify_user(db, t.user_id, "care_reply", link=f"/care/{t.id}", subject=t.subject, reply=text)
    if user.email:
        outbox.enqueue(db, template="care_reply", to=user.email, user_id=user.id, subject=t.subject, reply=text)
    db.flush()
    return t


def follow_up(db: Session, actor: Actor, ticket_id: int, body: str, *, now: datetime | None = None) -> CareTicket:
    """The resident adds to their own message; it goes back to staff as open."""
    t, _ = _load(db, actor, ticket_id, lock=True)
    if t.user_id != actor.user_id:
        raise NotFound("message")
    if t.status == CareStatus.CLOSED:
        raise ServiceError("This conversation is closed; please start a new message.")
    now = now or utcnow()
    db.add(CareMessage(ticket_id=t.id, author_user_id=actor.user_id, body=_body(body), at=now))
    t.status, t.updated_at = CareStatus.OPEN, now
    db.flush()
    return t


def set_status(db: Session, actor: Actor, ticket_id: int, status: str, *, now: datetime | None = None) -> CareTicket:
    """Staff open, mark answered or close a conversation; the resident is notified of the change."""
    t, _ = _load(db, actor, ticket_id, lock=True)
    require_staff_of(actor, t.community_id)
    if status not in set(CareStatus):
        raise ServiceError("The status is open, answered or closed.")
    if t.status == status:
        raise ServiceError(phrase("This conversation is already {status}.", status=STATUS_WORDS[status]))
    t.status, t.updated_at = status, now or utcnow()
    outbox.notify_user(db, t.user_id, "care_status", link=f"/care/{t.id}", subject=t.subject,
                       status=STATUS_WORDS[status])
    return t


def _view(db: Session, t: CareTicket) -> TicketView:
    user = db.get(User, t.user_id)
    h = db.get(Household, t.household_id) if t.household_id else None
    msgs = db.exec(select(CareMessage, User.display_name).join(User, User.id == CareMessage.author_user_id)
                   .where(CareMessage.ticket_id == t.id).order_by(CareMessage.id)).all()
    return TicketView(t.id, t.kind, t.subject, t.status, user.display_name, f"{h.building}-{h.unit}" if h else "",
                      t.created_at, t.updated_at, [MessageRow(n, m.from_staff, m.body, m.at) for m, n in msgs])


def get_ticket(db: Session, actor: Actor, ticket_id: int) -> TicketView:
    """One conversation, for its author or the community's staff."""
    t, _ = _load(db, actor, ticket_id)
    return _view(db, t)


def list_mine(db: Session, actor: Actor) -> list[TicketView]:
    """The resident's own conversations, most recently updated first."""
    require_resident(actor)
    rows = db.exec(select(CareTicket).where(CareTicket.user_id == actor.user_id)
                   .order_by(CareTicket.updated_at.desc(), CareTicket.id.desc())).all()
    return [_view(db, t) for t in rows]


def my_tickets_version(db: Session, actor: Actor) -> tuple:
    """(conversations, last change, newest message) of the resident's own conversations: an open
    care page polls this cheaply and re-reads when staff answer or change a status."""
    require_resident(actor)
    count, changed = db.exec(select(func.count(), func.max(CareTicket.updated_at))
                             .where(CareTicket.user_id == actor.user_id)).one()
    newest = db.exec(select(func.max(CareMessage.id)).join(CareTicket, CareTicket.id == CareMessage.ticket_id)
                     .where(CareTicket.user_id == actor.user_id)).one()
    return count, changed.isoformat() if changed else "", newest or 0


def my_tickets_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's keys for `my_tickets_version` (core/change_rings.py): the resident's
    conversations, and the messages of each (a message row names its conversation, not the
    resident); a new conversation rings the first, and the read that follows adds its messages."""
    require_resident(actor)
    ids = db.exec(select(CareTicket.id).where(CareTicket.user_id == actor.user_id)).all()
    return ([change_rings.key_of(CareTicket, "user_id", actor.user_id)]
            + [change_rings.key_of(CareMessage, "ticket_id", i) for i in ids]), None


def list_for_staff(db: Session, actor: Actor, community_id: int, *, status: str | None = None,
                   kind: str | None = None) -> list[TicketView]:
    """Staff queue: oldest waiting first, optionally one status and/or kind."""
    require_staff_of(actor, community_id)
    stmt = select(CareTicket).where(CareTicket.community_id == community_id)
    if status:
        stmt = stmt.where(CareTicket.status == status)
    if kind:
        stmt = stmt.where(CareTicket.kind == kind)
    return [_view(db, t) for t in db.exec(stmt.order_by(CareTicket.updated_at, CareTicket.id)).all()]
