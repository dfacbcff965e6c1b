"""Items to sell, swap or give away: posting (checked whole before anything is stored), renewing,
withdrawing, and reading what I may see. A member has at most the admins' number of active posts
(items available or reserved, and shared slots together)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core import upload_staging, uploads
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import parse_amount
from community_hub.core.permissions import Actor, require_resident
from community_hub.models import User
from community_hub.models.base import utcnow
from community_hub.models.sharing import (
    ACTIVE_ITEM,
    Audience,
    ItemKind,
    ItemStatus,
    ParkingSlot,
    SharedItem,
)
from community_hub.sharing import settings
from community_hub.sharing.visibility import (
    check_audience,
    store_circles,
    visible_clause,
    visible_to,
)

TITLE_LIMIT = 80
DESCRIPTION_LIMIT = 2000
SWAP_LIMIT = 200
PLACE_LIMIT = 120
MAX_PHOTOS = 6
LIFE_DAYS = 30
CONDITIONS = ("new", "like_new", "good", "fair")


@dataclass(frozen=True)
class ItemView:
    item_id: int
    owner_id: int
    kind: str
    title: str
    description: str
    condition: str
    price_minor: int
    currency: str
    swap_for: str
    pickup_place: str
    photos: list[str]
    audience: str
    status: str
    reserved_for_me: bool
    mine: bool
    paid: bool
    expires_at: datetime


def active_posts(db: Session, user_id: int) -> int:
    items = db.exec(select(func.count()).select_from(SharedItem).where(
        SharedItem.owner_id == user_id, SharedItem.status.in_(list(ACTIVE_ITEM)))).one()
    slots = db.exec(select(func.count()).select_from(ParkingSlot).where(
        ParkingSlot.owner_id == user_id, ParkingSlot.active)).one()
    return int(items) + int(slots)


def check_post_limit(db: Session, user_id: int) -> None:
    """Refuses one more active post over the admins' limit. The member's row is locked first, so
    two posts sent at once cannot both pass as the last one."""
    db.get(User, user_id, with_for_update=True)
    most = settings.current(db).max_active_posts
    if active_posts(db, user_id) >= most:
        raise ServiceError(phrase("You have {n} active posts, the most allowed; withdraw one first.", n=most))


def _clean(text: str, limit: int, what: str, *, required: bool = False, one_line: bool = True) -> str:
    value = " ".join((text or "").split()) if one_line else (text or "").strip()
    if required and not value:
        raise ServiceError(phrase("Enter the {what}.", what=phrase(what)))
    if len(value) > limit:
        raise ServiceError(phrase("The {what} is at most {n} characters.", what=phrase(what), n=limit))
    return value


def post_item(db: Session, actor: Actor, *, kind: str, title: str, description: str = "", condition: str = "good",
              price: str = "", swap_for: str = "", pickup_place: str = "", photos: list[tuple[str, bytes]] | None = None,
              audience: str = Audience.COMMUNITY, circle_ids: list[int] | None = None,
              currency: str = "USD") -> SharedItem:
    """Post an item. Sales need a price above zero, swaps what is wanted; sales and swaps need a
    photo. Nothing (not even a photo) is stored when anything is refused."""
    require_resident(actor)
    if kind not in tuple(ItemKind):
        raise ServiceError(phrase("An item is for sale, for a swap or given away."))
    title = _clean(title, TITLE_LIMIT, phrase("title"), required=True)
    description = _clean(description, DESCRIPTION_LIMIT, phrase("description"), one_line=False)
    if condition not in CONDITIONS:
        raise ServiceError(phrase("Say the item's condition: new, like new, good or fair."))
    price_minor = 0
    if kind == ItemKind.SELL:
        price_minor = parse_amount(price, currency, phrase("price"), allow_zero=False)
    swap_for = _clean(swap_for, SWAP_LIMIT, phrase("thing you want in exchange"), required=kind == ItemKind.SWAP)
    pickup_place = _clean(pickup_place, PLACE_LIMIT, phrase("pickup place"))
    files = list(photos or [])
    if not files and kind != ItemKind.GIVE:
        raise ServiceError(phrase("Add at least one photo of the item."))
    if len(files) > MAX_PHOTOS:
        raise ServiceError(phrase("At most {most} photos.", most=MAX_PHOTOS))
    circles = check_audience(db, actor, audience, circle_ids)
    uploads.check_images(files)  # every picture checked before any is written
    check_post_limit(db, actor.user_id)
    stored = [uploads.store_upload(data, name or "photo", allowed=uploads.IMAGE_KINDS).path for name, data in files]
    item = SharedItem(owner_id=actor.user_id, community_id=actor.community_id, kind=kind, title=title,
                      description=description, condition=condition, price_minor=price_minor, currency=currency,
                      swap_for=swap_for if kind == ItemKind.SWAP else "", pickup_place=pickup_place,
                      photos=",".join(stored), audience=audience)
    db.add(item)
    db.flush()
    store_circles(db, SharedItem.post_kind, item.id, circles)
    return item


def stage_photo(db: Session, actor: Actor, data: bytes) -> str:
    """A photo picked on the item form, kept on disk under a token until the form is posted
    (core/upload_staging): only for a resident, only a picture."""
    require_resident(actor)
    return upload_staging.stage(data, uploads.IMAGE_KINDS)


def my_item(db: Session, actor: Actor, item_id: int) -> SharedItem:
    """An item I posted, locked."""
    require_resident(actor)
    item = db.get(SharedItem, item_id, with_for_update=True, populate_existing=True)
    if item is None or item.owner_id != actor.user_id:
        raise NotFound(phrase("item"))
    return item


def seen_item(db: Session, actor: Actor, item_id: int, lock: bool = False) -> SharedItem:
    """An item `actor` may see (its owner, its audience, not blocked); else "not available"."""
    require_resident(actor)
    item = db.get(SharedItem, item_id, with_for_update=lock, populate_existing=lock)
    if item is None or not visible_to(db, actor, item):
        raise ServiceError(phrase("This item is not available."), code="not_available")
    return item


def renew_item(db: Session, actor: Actor, item_id: int, now: datetime | None = None) -> SharedItem:
    """Another 30 days; an expired item comes back (within the post limit)."""
    item = my_item(db, actor, item_id)
    if item.status == ItemStatus.EXPIRED:
        check_post_limit(db, actor.user_id)
        item.status = ItemStatus.AVAILABLE
    elif item.status not in ACTIVE_ITEM:
        raise ServiceError(phrase("A completed or withdrawn item cannot be renewed."))
    item.renewed_at = now or utcnow()
    db.add(item)
    db.flush()
    return item


def _view(actor: Actor, item: SharedItem) -> ItemView:
    return ItemView(item.id, item.owner_id, item.kind, item.title, item.description, item.condition, item.price_minor,
                    item.currency, item.swap_for, item.pickup_place, [p for p in item.photos.split(",") if p],
                    item.audience, item.status, item.reserved_for_id == actor.user_id,
                    item.owner_id == actor.user_id, item.paid_at is not None,
                    item.renewed_at + timedelta(days=LIFE_DAYS))


def item_view(db: Session, actor: Actor, item_id: int) -> ItemView:
    return _view(actor, seen_item(db, actor, item_id))


def visible_items(db: Session, actor: Actor, limit: int = 100, kind: str = "") -> list[ItemView]:
    """Items available in my community that I may see, newest first (mine too); `kind` "" is all."""
    require_resident(actor)
    query = select(SharedItem).where(SharedItem.status == ItemStatus.AVAILABLE,
                                     visible_clause(actor, SharedItem, SharedItem.post_kind))
    if kind:
        if kind not in tuple(ItemKind):
            raise ServiceError(phrase("An item is for sale, for a swap or given away."))
        query = query.where(SharedItem.kind == kind)
    rows = db.exec(query.order_by(SharedItem.created_at.desc(), SharedItem.id.desc()).limit(max(1, min(limit, 200)))).all()
    return [_view(actor, i) for i in rows]


def my_items(db: Session, actor: Actor) -> list[ItemView]:
    require_resident(actor)
    rows = db.exec(select(SharedItem).where(SharedItem.owner_id == actor.user_id)
                   .order_by(SharedItem.created_at.desc(), SharedItem.id.desc())).all()
    return [_view(actor, i) for i in rows]
