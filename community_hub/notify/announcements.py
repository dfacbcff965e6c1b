"""Platform announcements (issue 18): the back office's content admins write one to everyone, to
residents, merchants or agents, or to one community's residents. It goes to each recipient's
inbox (through the outbox, in their language's frame) and shows as a banner on their pages until
they open it (`unread_banner`, read by the shells' banner poller, state/resident/urgent_notices.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, func, or_, update
from sqlmodel import Session, select

from community_hub.core import change_rings, prebuilt
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_user,
)
from community_hub.models import (
    AuditEntry,
    Community,
    Household,
    HouseholdMember,
    InboxItem,
    Role,
    User,
    UserRole,
    UserStatus,
)
from community_hub.models.announcements import AnnouncementRead, Audience, PlatformAnnouncement
from community_hub.models.base import utcnow
from community_hub.notify import outbox

TITLE_MAX, BODY_MAX = 120, 2000
BANNER_DAYS = 30  # an announcement older than this leaves the banners (it stays in the inbox)
BANNER_MOST = 3


@dataclass(frozen=True)
class AnnouncementView:
    id: int
    title: str
    body: str
    audience: str
    community: str  # the community's name when the audience is one community
    created_at: datetime
    recipients: int
    read: int  # how many of them opened it


def link_of(announcement_id: int) -> str:
    return f"/announcements/{announcement_id}"


def _role_users(role: str, community_id: int | None = None):
    q = select(UserRole.user_id).where(UserRole.role == role)
    return q.where(UserRole.community_id == community_id) if community_id is not None else q


def _recipients(db: Session, audience: str, community_id: int | None) -> list[int]:
    """Active accounts the audience names (never a lobby kiosk's account), by id."""
    q = select(User.id).where(User.status == UserStatus.ACTIVE, User.id.not_in(_role_users(Role.KIOSK)))
    if audience == Audience.RESIDENTS:
        q = q.where(User.id.in_(_role_users(Role.RESIDENT)))
    elif audience == Audience.MERCHANTS:
        q = q.where(User.id.in_(_role_users(Role.MERCHANT)))
    elif audience == Audience.AGENTS:
        q = q.where(User.id.in_(_role_users(Role.AGENT)))
    elif audience == Audience.COMMUNITY:
        members = (select(HouseholdMember.user_id).join(Household, Household.id == HouseholdMember.household_id)
                   .where(Household.community_id == community_id))
        q = q.where(or_(User.id.in_(_role_users(Role.RESIDENT, community_id)), User.id.in_(members)))
    return list(db.exec(q.order_by(User.id)).all())


def publish(db: Session, actor: Actor, *, title: str, body: str, audience: str,
            community_id: int | None = None) -> AnnouncementView:
    """Send an announcement now: one inbox message per recipient, a banner until opened. Refused
    with nothing sent: no title or text, either too long, an unknown audience or community."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise ServiceError(phrase("Write a title and the announcement's text."))
    if len(title) > TITLE_MAX or len(body) > BODY_MAX:
        raise ServiceError(phrase("A title is at most {title} characters and the text at most {body}.",
                                  title=TITLE_MAX, body=BODY_MAX))
    if audience not in Audience.ALL:
        raise ServiceError(phrase("Choose who the announcement is for."))
    community = None
    if audience == Audience.COMMUNITY:
        community = db.get(Community, community_id) if isinstance(community_id, int) else None
        if community is None:
            raise NotFound(phrase("community"))
    else:
        community_id = None
    row = PlatformAnnouncement(title=title, body=body, audience=audience, community_id=community_id,
                               created_by=actor.user_id)
    db.add(row)
    db.flush()
    people = _recipients(db, audience, community_id)
    for user_id in people:
        outbox.notify_user(db, user_id, "platform_announcement", link_of(row.id), title=title, body=body)
    row.recipients = len(people)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="announcement.publish", subject=f"announcement:{row.id}",
                      detail=f"{audience}{f':{community_id}' if community_id else ''} · {len(people)} · {title}"[:500]))
    db.flush()
    return _view(db, row, community.name if community else "")


def _view(db: Session, row: PlatformAnnouncement, community: str) -> AnnouncementView:
    read = db.exec(select(func.count()).select_from(AnnouncementRead)
                   .where(AnnouncementRead.announcement_id == row.id)).one()
    return AnnouncementView(row.id, row.title, row.body, row.audience, community, row.created_at, row.recipients,
                            int(read))


def sent(db: Session, actor: Actor, *, limit: int = 50) -> list[AnnouncementView]:
    """The announcements sent, newest first, with how many opened each."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    rows = db.exec(select(PlatformAnnouncement).order_by(PlatformAnnouncement.id.desc()).limit(min(max(limit, 1), 200))).all()
    names = dict(db.exec(select(Community.id, Community.name)).all())
    return [_view(db, r, names.get(r.community_id, "")) for r in rows]


def communities(db: Session, actor: Actor) -> list[tuple[int, str]]:
    """The communities an announcement can be addressed to, by name."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    return [(i, n) for i, n in db.exec(select(Community.id, Community.name).order_by(Community.name)).all()]


def _meant_for(actor: Actor):
    """The announcements whose audience includes this person (SQL condition)."""
    audiences, community_id = _audiences(actor)
    who = [PlatformAnnouncement.audience.in_(audiences)]
    if community_id is not None:
        who.append((PlatformAnnouncement.audience == Audience.COMMUNITY)
                   & (PlatformAnnouncement.community_id == community_id))
    return or_(*who)


def _audiences(actor: Actor) -> tuple[list[str], int | None]:
    """The audiences this person belongs to, and their community when it is one of them."""
    audiences, community_id = [Audience.EVERYONE], None
    if Role.RESIDENT in actor.roles:
        audiences.append(Audience.RESIDENTS)
        community_id = actor.community_id
    if actor.merchant_ids or Role.MERCHANT in actor.roles:
        audiences.append(Audience.MERCHANTS)
    if Role.AGENT in actor.roles:
        audiences.append(Audience.AGENTS)
    return audiences, community_id


@dataclass(frozen=True)
class BannerItem:
    id: int
    title: str


def unread_banner(db: Session, actor: Actor, *, now: datetime | None = None) -> list[BannerItem]:
    """What the banner shows this person: announcements for them of the last 30 days they have not
    opened, newest first, at most three. Cheap on purpose: every open page's poller reads it. A
    lobby kiosk or someone logged out sees none."""
    if not actor.is_authenticated or actor.kiosk_code or Role.KIOSK in actor.roles:
        return []
    audiences, community_id = _audiences(actor)
    rows = prebuilt.rows(db, _BANNER, since=(now or utcnow()) - timedelta(days=BANNER_DAYS), audiences=audiences,
                         community_id=community_id, user_id=actor.user_id)
    return [BannerItem(i, t) for i, t in rows]


def banner_keys(actor: Actor) -> list:
    """The change bell's keys for `unread_banner` (core/change_rings.py): any announcement, and the
    person's own opening of one."""
    if not actor.is_authenticated or actor.kiosk_code or Role.KIOSK in actor.roles:
        return []
    return [change_rings.key_of(PlatformAnnouncement), change_rings.key_of(AnnouncementRead, "user_id", actor.user_id)]


# Every open page's poller reads it: built once (core/prebuilt.py), the person's audiences as
# parameters (a community announcement reaches only that community's residents: no community,
# none of those).
_BANNER = (select(PlatformAnnouncement.id, PlatformAnnouncement.title)
           .where(PlatformAnnouncement.created_at >= bindparam("since"),
                  or_(PlatformAnnouncement.audience.in_(bindparam("audiences", expanding=True)),
                      and_(PlatformAnnouncement.audience == Audience.COMMUNITY,
                           PlatformAnnouncement.community_id == bindparam("community_id"))),
                  PlatformAnnouncement.id.not_in(select(AnnouncementRead.announcement_id)
                                                 .where(AnnouncementRead.user_id == bindparam("user_id"))))
           .order_by(PlatformAnnouncement.id.desc()).limit(BANNER_MOST))


def open_announcement(db: Session, actor: Actor, announcement_id: int) -> AnnouncementView:
    """Someone opens an announcement meant for them: it leaves their banner, and its inbox message
    is read too. Anyone else: it does not exist for them."""
    require_user(actor)
    row = db.exec(select(PlatformAnnouncement).where(PlatformAnnouncement.id == announcement_id,
                                                     _meant_for(actor))).first()
    if row is None:
        raise NotFound(phrase("announcement"))
    if db.get(AnnouncementRead, (row.id, actor.user_id)) is None:
        db.add(AnnouncementRead(announcement_id=row.id, user_id=actor.user_id))
        db.exec(update(InboxItem).where(InboxItem.user_id == actor.user_id, InboxItem.link == link_of(row.id),
                                        InboxItem.read_at.is_(None)).values(read_at=utcnow()))
        db.flush()
    community = db.get(Community, row.community_id).name if row.community_id else ""
    return AnnouncementView(row.id, row.title, row.body, row.audience, community, row.created_at, row.recipients, 0)
