"""The in-app inbox a user reads, with its unread count."""

from __future__ import annotations

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, select

from community_hub.core import change_rings, prebuilt
from community_hub.core.permissions import Actor, require_user
from community_hub.core.rung_reads import RungReads
from community_hub.models import InboxItem
from community_hub.models.base import utcnow


def unread_count(db: Session, actor: Actor) -> int:
    """On every page a member opens (the header): kept until their inbox's key rings (core/rung_reads.py)."""
    if not actor.is_authenticated:
        return 0
    return _UNREAD_KEPT.kept(db, ("unread", actor.user_id), unread_keys(actor),
                             lambda: prebuilt.scalar(db, _UNREAD, user_id=actor.user_id))


def unread_keys(actor: Actor) -> list:
    """The change bell's key for `unread_count` (core/change_rings.py): the person's inbox."""
    return [change_rings.key_of(InboxItem, "user_id", actor.user_id)] if actor.is_authenticated else []


def version_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """`unread_keys` as a live page's watcher asks (state/shared/live_watch): no scheduled change."""
    return unread_keys(actor), None


# Read on every page a member opens and by every open tab's poller: built once (core/prebuilt.py).
_UNREAD_KEPT = RungReads()
_UNREAD = (select(func.count()).select_from(InboxItem)
           .where(InboxItem.user_id == bindparam("user_id"), InboxItem.read_at.is_(None)))


def version(db: Session, actor: Actor) -> tuple[int, int]:
    """(newest item id, unread count): changes whenever something arrives or is read, so an open
    inbox page can poll this cheaply and re-read only then."""
    if not actor.is_authenticated:
        return 0, 0
    newest = db.exec(select(func.max(InboxItem.id)).where(InboxItem.user_id == actor.user_id)).one() or 0
    return int(newest), unread_count(db, actor)


def list_items(db: Session, actor: Actor, *, page: int = 1, page_size: int = 20) -> tuple[list[InboxItem], int]:
    require_user(actor)
    total = db.exec(select(func.count()).select_from(InboxItem).where(InboxItem.user_id == actor.user_id)).one()
    rows = db.exec(
        select(InboxItem).where(InboxItem.user_id == actor.user_id)
        .order_by(InboxItem.created_at.desc(), InboxItem.id.desc())
        .offset((max(page, 1) - 1) * page_size).limit(page_size)
    ).all()
    return list(rows), total


def mark_read(db: Session, actor: Actor, item_id: int | None = None) -> int:
    """Mark one item (or, with None, all) read. Only the owner's items are touched."""
    require_user(actor)
    stmt = update(InboxItem).where(InboxItem.user_id == actor.user_id, InboxItem.read_at.is_(None))
    if item_id is not None:
        stmt = stmt.where(InboxItem.id == item_id)
    return db.exec(stmt.values(read_at=utcnow())).rowcount
