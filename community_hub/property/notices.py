"""Notices: staff write, publish and withdraw them; residents in the audience read them.

Urgent notices also go out by SMS/email (and in-app) to every resident in the audience through the
outbox, in the same transaction as the publish, once. Read receipts let staff see who has read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, case, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from community_hub.core import change_rings, prebuilt, uploads
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import Household, HouseholdMember, User, UserStatus
from community_hub.models.base import utcnow
from community_hub.models.notices import (
    Notice,
    NoticeAttachment,
    NoticeAudience,
    NoticeRead,
    NoticeStatus,
)
from community_hub.notify import outbox

MAX_TITLE = 160
MAX_BODY = 20_000


@dataclass(frozen=True)
class NoticeInput:
    """What a staff member fills in; the same shape for create and edit."""

    title: str
    body: str = ""
    pinned: bool = False
    urgent: bool = False
    audience: str = NoticeAudience.COMMUNITY
    buildings: tuple[str, ...] = ()
    household_ids: tuple[int, ...] = ()
    publish_at: datetime | None = None
    expire_at: datetime | None = None


@dataclass(frozen=True)
class Recipient:
    """A resident reached through their household (used by notices, bills and reminders)."""

    user_id: int
    name: str
    email: str | None
    phone: str | None
    household_id: int
    building: str
    unit: str


@dataclass(frozen=True)
class NoticeView:
    id: int
    title: str
    body: str
    pinned: bool
    urgent: bool
    published_at: datetime | None
    publish_at: datetime | None
    expire_at: datetime | None
    is_read: bool
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (file name, stored path)


@dataclass(frozen=True)
class ReaderRow:
    user_id: int
    name: str
    building: str
    unit: str
    read_at: datetime | None


@dataclass(frozen=True)
class ReadReceipts:
    notice_id: int
    read: list[ReaderRow]
    unread: list[ReaderRow]


def residents_of(
    db: Session,
    community_id: int,
    *,
    buildings: list[str] | tuple[str, ...] | None = None,
    household_ids: list[int] | tuple[int, ...] | None = None,
) -> list[Recipient]:
    """Active residents of a community's households, optionally narrowed to buildings or households."""
    stmt = (
        select(User, Household)
        .join(HouseholdMember, HouseholdMember.user_id == User.id)
        .join(Household, Household.id == HouseholdMember.household_id)
        .where(Household.community_id == community_id, User.status == UserStatus.ACTIVE)
        .order_by(Household.building, Household.unit, User.id)
    )
    if buildings is not None:
        stmt = stmt.where(Household.building.in_(list(buildings)))
    if household_ids is not None:
        stmt = stmt.where(Household.id.in_(list(household_ids)))
    return [
        Recipient(u.id, u.display_name, u.email, u.phone, h.id, h.building, h.unit)
        for u, h in db.exec(stmt).all()
    ]


def audience_of(db: Session, notice: Notice) -> list[Recipient]:
    if notice.audience == NoticeAudience.BUILDINGS:
        return residents_of(db, notice.community_id, buildings=notice.audience_buildings)
    if notice.audience == NoticeAudience.HOUSEHOLDS:
        return residents_of(db, notice.community_id, household_ids=notice.audience_household_ids)
    return residents_of(db, notice.community_id)


def _validate(db: Session, community_id: int, data: NoticeInput) -> None:
    title = data.title.strip()
    if not title:
        raise ServiceError("Give the notice a title.")
    if len(title) > MAX_TITLE:
        raise ServiceError(phrase("The title is too long (at most {limit} characters).", limit=MAX_TITLE))
    if len(data.body) > MAX_BODY:
        raise ServiceError(phrase("The text is too long (at most {limit} characters).", limit=MAX_BODY))
    if data.audience not in set(NoticeAudience):
        raise ServiceError("Choose who the notice is for: the whole community, buildings or households.")
    if data.audience == NoticeAudience.BUILDINGS:
        if not data.buildings:
            raise ServiceError("Choose at least one building.")
        known = set(db.exec(select(Household.building).where(Household.community_id == community_id)).all())
        unknown = sorted(set(data.buildings) - known)
        if unknown:
            raise ServiceError(phrase("This community has no building {buildings}.", buildings=", ".join(unknown)))
    if data.audience == NoticeAudience.HOUSEHOLDS:
        if not data.household_ids:
            raise ServiceError("Choose at least one household.")
        found = db.exec(
            select(Household.id).where(
                Household.community_id == community_id, Household.id.in_(list(data.household_ids))
            )
        ).all()
        if len(set(found)) != len(set(data.household_ids)):
            raise ServiceError("Some of the chosen households are not in this community.")
    for when in (data.publish_at, data.expire_at):
        if when is not None and when.tzinfo is None:
            raise ServiceError("Times must include a time zone.")
    if data.publish_at and data.expire_at and data.expire_at <= data.publish_at:
        raise ServiceError("The notice must expire after it is published.")


def _apply(notice: Notice, data: NoticeInput) -> None:
    notice.title = data.title.strip()
    notice.body = data.body
    notice.pinned = data.pinned
    notice.urgent = data.urgent
    notice.audience = data.audience
    notice.audience_buildings = sorted(set(data.buildings)) if data.audience == NoticeAudience.BUILDINGS else []
    notice.audience_household_ids = (
        sorted(set(data.household_ids)) if data.audience == NoticeAudience.HOUSEHOLDS else []
    )
    notice.publish_at = data.publish_at
    notice.expire_at = data.expire_at
    notice.updated_at = utcnow()


def _staff_notice(db: Session, actor: Actor, notice_id: int, *, lock: bool = False) -> Notice:
    notice = get_or_not_found(db, Notice, notice_id, phrase("notice"), lock=lock)
    require_staff_of(actor, notice.community_id)
    return notice


def _send_urgent(db: Session, notice: Notice, now: datetime) -> int:
    """Queue SMS/email plus in-app for each resident in the audience; timed for the publish time."""
    due = notice.publish_at if notice.publish_at and notice.publish_at > now else now
    sent = 0
    for r in audience_of(db, notice):
        msgs = []
        for address in (r.phone, r.email):
            if address:
                msgs.append(outbox.enqueue(db, template="notice_urgent", to=address, user_id=r.user_id,
                                           title=notice.title, body=notice.body))
        msgs.append(outbox.notify_user(db, r.user_id, "notice_urgent", link=f"/notices/{notice.id}",
                                       title=notice.title, body=notice.body))
        for m in msgs:
            m.next_attempt_at = due
        sent += 1
    notice.urgent_sent_at = now
    return sent


def create_notice(db: Session, actor: Actor, community_id: int, data: NoticeInput) -> Notice:
    """Staff of the community write a draft notice (not visible until published)."""
    require_staff_of(actor, community_id)
    _validate(db, community_id, data)
    notice = Notice(community_id=community_id, title="", created_by=actor.user_id)
    _apply(notice, data)
    db.add(notice)
    db.flush()
    return notice


def update_notice(db: Session, actor: Actor, notice_id: int, data: NoticeInput, *, now: datetime | None = None) -> Notice:
    """Edit a notice. Making a published notice urgent sends the urgent messages (once)."""
    notice = _staff_notice(db, actor, notice_id, lock=True)
    _validate(db, notice.community_id, data)
    _apply(notice, data)
    if notice.status == NoticeStatus.PUBLISHED and notice.urgent and notice.urgent_sent_at is None:
        _send_urgent(db, notice, now or utcnow())
    db.flush()
    return notice


def publish_notice(db: Session, actor: Actor, notice_id: int, *, now: datetime | None = None) -> Notice:
    """Publish a draft (residents see it from publish_at); urgent ones are sent to the audience."""
    now = now or utcnow()
    notice = _staff_notice(db, actor, notice_id, lock=True)
    if notice.status == NoticeStatus.PUBLISHED:
        raise ServiceError("This notice is already published.")
    if notice.expire_at and notice.expire_at <= now:
        raise ServiceError("This notice has already expired; change its expiry time first.")
    notice.status = NoticeStatus.PUBLISHED
    notice.published_at = now
    if notice.urgent and notice.urgent_sent_at is None:
        _send_urgent(db, notice, now)
    db.flush()
    return notice


def withdraw_notice(db: Session, actor: Actor, notice_id: int) -> Notice:
    """Take a notice down; residents no longer see it."""
    notice = _staff_notice(db, actor, notice_id, lock=True)
    notice.status = NoticeStatus.WITHDRAWN
    notice.updated_at = utcnow()
    return notice


def add_attachment(db: Session, actor: Actor, notice_id: int, filename: str, data: bytes) -> NoticeAttachment:
    """Attach an image or PDF (checked by content, 5 MB at most) to a notice."""
    notice = _staff_notice(db, actor, notice_id)
    stored = uploads.store_upload(data, filename)
    att = NoticeAttachment(notice_id=notice.id, path=stored.path, original_name=stored.original_name,
                           content_type=stored.content_type, size=stored.size)
    db.add(att)
    db.flush()
    return att


def list_notices_for_staff(db: Session, actor: Actor, community_id: int) -> list[Notice]:
    """Every notice of the community (drafts too), pinned first, newest first."""
    require_staff_of(actor, community_id)
    return list(db.exec(
        select(Notice).where(Notice.community_id == community_id)
        .order_by(Notice.pinned.desc(), Notice.created_at.desc(), Notice.id.desc())
    ).all())


def _household_of(db: Session, actor: Actor) -> Household | None:
    return db.get(Household, actor.household_id) if actor.household_id else None


def _visible(notice: Notice, household: Household | None, now: datetime) -> bool:
    if notice.status != NoticeStatus.PUBLISHED:
        return False
    if notice.publish_at and notice.publish_at > now:
        return False
    if notice.expire_at and notice.expire_at <= now:
        return False
    if notice.audience == NoticeAudience.BUILDINGS:
        return household is not None and household.building in notice.audience_buildings
    if notice.audience == NoticeAudience.HOUSEHOLDS:
        return household is not None and household.id in notice.audience_household_ids
    return True


def _view(db: Session, notice: Notice, read_ids: set[int],
          files: dict[int, list[tuple[str, str]]] | None = None) -> NoticeView:
    """`files`: each notice's attachments as (name, path), read for a whole list at once."""
    if files is None:
        files = _attachments(db, [notice.id])
    return NoticeView(
        id=notice.id, title=notice.title, body=notice.body, pinned=notice.pinned, urgent=notice.urgent,
        published_at=notice.published_at, publish_at=notice.publish_at, expire_at=notice.expire_at,
        is_read=notice.id in read_ids, attachments=files.get(notice.id, []),
    )


def _attachments(db: Session, notice_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    files: dict[int, list[tuple[str, str]]] = {}
    for notice_id, name, path in prebuilt.rows(db, _FILES, ids=notice_ids) if notice_ids else ():
        files.setdefault(notice_id, []).append((name, path))
    return files


# The resident's notices page, built once (core/prebuilt.py); the attachments of the whole list in
# one read, where each notice asked for its own.
_PUBLISHED = (select(Notice).where(Notice.community_id == bindparam("community_id"),
                                   Notice.status == NoticeStatus.PUBLISHED)
              .order_by(Notice.pinned.desc(), Notice.published_at.desc(), Notice.id.desc()))
_READ = select(NoticeRead.notice_id).where(NoticeRead.user_id == bindparam("user_id"),
                                           NoticeRead.notice_id.in_(bindparam("ids", expanding=True)))
_FILES = (select(NoticeAttachment.notice_id, NoticeAttachment.original_name, NoticeAttachment.path)
          .where(NoticeAttachment.notice_id.in_(bindparam("ids", expanding=True))).order_by(NoticeAttachment.id))


# The notices page's poll: what `version_of` reads off the list, in columns (core/prebuilt.py).
_PUBLISHED_COLUMNS = (select(Notice.id, Notice.title, Notice.pinned, Notice.urgent, Notice.status, Notice.publish_at,
                             Notice.expire_at, Notice.audience, Notice.audience_buildings,
                             Notice.audience_household_ids)
                      .where(Notice.community_id == bindparam("community_id"),
                             Notice.status == NoticeStatus.PUBLISHED)
                      .order_by(Notice.pinned.desc(), Notice.published_at.desc(), Notice.id.desc()))
_NEXT_CHANGE = (select(func.min(case((Notice.publish_at > bindparam("now"), Notice.publish_at))),
                      func.min(case((Notice.expire_at > bindparam("now"), Notice.expire_at))))
                .where(Notice.community_id == bindparam("community_id"), Notice.status == NoticeStatus.PUBLISHED))
_HOUSEHOLD = select(Household.id, Household.building).where(Household.id == bindparam("household_id"))


def version_of(views: list[NoticeView]) -> str:
    """What the resident's notices page shows that can change under it: which notices, their
    titles, pins, urgency, and which they have read."""
    return "|".join(_version_line(v.id, v.is_read, v.title, v.pinned, v.urgent) for v in views)


def _version_line(notice_id: int, read: bool, title: str, pinned: bool, urgent: bool) -> str:
    # One notice's part of the version, the same whether read from the list or from its columns.
    return f"{notice_id}:{int(read)}:{title}:{pinned}:{urgent}"


def resident_notices_version(db: Session, actor: Actor, *, now: datetime | None = None) -> str:
    """`version_of(list_notices_for_resident(...))` for the open page's poll, every second, from
    columns: no notice bodies, no attachments (a third of the list's cost)."""
    require_resident(actor)
    now = now or utcnow()
    found = prebuilt.rows(db, _HOUSEHOLD, household_id=actor.household_id) if actor.household_id else []
    household = found[0] if found else None
    visible = [n for n in prebuilt.rows(db, _PUBLISHED_COLUMNS, community_id=actor.community_id)
               if _visible(n, household, now)]
    ids = [n.id for n in visible]
    read_ids = {notice_id for (notice_id,) in prebuilt.rows(db, _READ, user_id=actor.user_id, ids=ids)} if ids else set()
    return "|".join(_version_line(n.id, n.id in read_ids, n.title, n.pinned, n.urgent) for n in visible)


def resident_keys(db: Session, actor: Actor, *, now: datetime | None = None) -> tuple[list, float | None]:
    """What the resident's live notices (the page, the banner) wait on: the change bell's keys
    (a notice of their community, a read receipt of theirs; core/change_rings.py) and the seconds
    until a published notice of the community starts or ends on its own (None: none will)."""
    require_resident(actor)
    now = now or utcnow()
    starts, ends = prebuilt.rows(db, _NEXT_CHANGE, community_id=actor.community_id, now=now)[0]
    soonest = min((t for t in (starts, ends) if t is not None), default=None)
    return ([change_rings.key_of(Notice, "community_id", actor.community_id),
             change_rings.key_of(NoticeRead, "user_id", actor.user_id)],
            None if soonest is None else max(0.0, (soonest - now).total_seconds()))


def list_notices_for_resident(db: Session, actor: Actor, *, now: datetime | None = None) -> list[NoticeView]:
    """Notices the resident may see right now (published, in time, in audience), pinned first."""
    require_resident(actor)
    now = now or utcnow()
    household = _household_of(db, actor)
    rows = db.exec(_PUBLISHED, params={"community_id": actor.community_id}).all()
    visible = [n for n in rows if _visible(n, household, now)]
    ids = [n.id for n in visible]
    read_ids = {notice_id for (notice_id,) in prebuilt.rows(db, _READ, user_id=actor.user_id, ids=ids)} if ids else set()
    files = _attachments(db, ids)
    return [_view(db, n, read_ids, files) for n in visible]


def get_notice_for_resident(db: Session, actor: Actor, notice_id: int, *, now: datetime | None = None) -> NoticeView:
    require_resident(actor)
    notice = db.get(Notice, notice_id)
    if notice is None or notice.community_id != actor.community_id or not _visible(
        notice, _household_of(db, actor), now or utcnow()
    ):
        raise NotFound("notice")
    read = db.exec(select(NoticeRead.notice_id).where(
        NoticeRead.notice_id == notice_id, NoticeRead.user_id == actor.user_id)).first()
    return _view(db, notice, {notice_id} if read else set())


def mark_read(db: Session, actor: Actor, notice_id: int, *, now: datetime | None = None) -> datetime:
    """The resident has read the notice; returns when they first read it (idempotent)."""
    get_notice_for_resident(db, actor, notice_id, now=now)
    existing = db.exec(select(NoticeRead).where(
        NoticeRead.notice_id == notice_id, NoticeRead.user_id == actor.user_id)).first()
    if existing:
        return existing.read_at
    row = NoticeRead(notice_id=notice_id, user_id=actor.user_id, read_at=now or utcnow())
    try:
        with db.begin_nested():  # two tabs marking at once: the unique key keeps one receipt
            db.add(row)
    except IntegrityError:
        existing = db.exec(select(NoticeRead).where(
            NoticeRead.notice_id == notice_id, NoticeRead.user_id == actor.user_id)).one()
        return existing.read_at
    return row.read_at


def read_receipts(db: Session, actor: Actor, notice_id: int) -> ReadReceipts:
    """Staff: who in the audience has read the notice (and when) and who has not."""
    notice = _staff_notice(db, actor, notice_id)
    reads = dict(db.exec(
        select(NoticeRead.user_id, NoticeRead.read_at).where(NoticeRead.notice_id == notice_id)
    ).all())
    read, unread = [], []
    for r in audience_of(db, notice):
        row = ReaderRow(r.user_id, r.name, r.building, r.unit, reads.get(r.user_id))
        (read if row.read_at else unread).append(row)
    return ReadReceipts(notice_id, read, unread)
