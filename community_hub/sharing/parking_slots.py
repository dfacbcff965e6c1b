"""Parking slots shared by the hour: an owner posts one (place, free windows, hourly price, deposit
share, booking length limits, approval mode, audience), withdraws it; neighbours who may see it
list and open it; property staff see only how many slots are shared."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core import uploads
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.local_time import local_today
from community_hub.core.money import parse_amount
from community_hub.core.permissions import Actor, require_resident, require_staff_of
from community_hub.models import Community, User
from community_hub.models.sharing import ApprovalMode, Audience, ParkingSlot, SlotWindow
from community_hub.sharing.free_windows import WindowIn, parse_windows, shown
from community_hub.sharing.items import check_post_limit
from community_hub.sharing.visibility import (
    check_audience,
    store_circles,
    visible_clause,
    visible_to,
)

PLACE_LIMIT = 80
NOTE_LIMIT = 500
MAX_HOURS = 24  # one window never crosses midnight (free_windows)


@dataclass(frozen=True)
class SlotView:
    slot_id: int
    owner_id: int
    place: str
    note: str
    hourly_minor: int
    currency: str
    deposit_bps: int
    min_hours: int
    max_hours: int
    approval: str
    audience: str
    active: bool
    owner_cancellations: int
    windows: list[dict[str, str]]
    mine: bool
    photo: str = ""  # stored picture's path under the uploads (shown inline by the page)
    owner_name: str = ""


def zone_of(db: Session, community_id: int | None) -> str:
    community = db.get(Community, community_id) if community_id is not None else None
    return community.time_zone if community else "UTC"


def _text(value: str, limit: int, what: str, required: bool, one_line: bool = False) -> str:
    text = " ".join((value or "").split()) if one_line else (value or "").strip()
    if required and not text:
        raise ServiceError(phrase("Enter the {what}.", what=phrase(what)))
    if len(text) > limit:
        raise ServiceError(phrase("The {what} is at most {n} characters.", what=phrase(what), n=limit))
    return text


def post_slot(db: Session, actor: Actor, *, place: str, hourly_price: str, deposit_bps: int,
              min_hours: int, max_hours: int, approval: str, windows: list[WindowIn],
              audience: str = Audience.COMMUNITY, circle_ids: list[int] | None = None, note: str = "",
              currency: str = "USD") -> ParkingSlot:
    """Share a slot. Everything is checked before anything is stored."""
    require_resident(actor)
    place = _text(place, PLACE_LIMIT, phrase("place"), True, one_line=True)
    note = _text(note, NOTE_LIMIT, phrase("note"), False)
    hourly = parse_amount(hourly_price, currency, phrase("hourly price"), allow_zero=False)
    if not isinstance(deposit_bps, int) or isinstance(deposit_bps, bool) or not 1 <= deposit_bps <= 10000:
        raise ServiceError(phrase("The deposit is between 0.01% and 100% of the price."))
    for n in (min_hours, max_hours):
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_HOURS:
            raise ServiceError(phrase("A booking lasts between 1 and {n} hours.", n=MAX_HOURS))
    if min_hours > max_hours:
        raise ServiceError(phrase("The shortest booking cannot be longer than the longest."))
    if approval not in tuple(ApprovalMode):
        raise ServiceError(phrase("Bookings are instant or approved by you."))
    circles = check_audience(db, actor, audience, circle_ids)
    rows = parse_windows(windows, local_today(zone_of(db, actor.community_id)))
    check_post_limit(db, actor.user_id)
    slot = ParkingSlot(owner_id=actor.user_id, community_id=actor.community_id, place=place, note=note,
                       hourly_minor=hourly, currency=currency, deposit_bps=deposit_bps, min_hours=min_hours,
                       max_hours=max_hours, approval=approval, audience=audience)
    db.add(slot)
    db.flush()
    for row in rows:
        row.slot_id = slot.id
        db.add(row)
    store_circles(db, ParkingSlot.post_kind, slot.id, circles)
    db.flush()
    return slot


def withdraw_slot(db: Session, actor: Actor, slot_id: int) -> None:
    """No new bookings; bookings already made stay (the owner cancels them one by one if need be)."""
    require_resident(actor)
    slot = db.get(ParkingSlot, slot_id, with_for_update=True)
    if slot is None or slot.owner_id != actor.user_id:
        raise NotFound(phrase("parking slot"))
    slot.active = False
    db.add(slot)
    db.flush()


def set_slot_photo(db: Session, actor: Actor, slot_id: int, filename: str, data: bytes) -> ParkingSlot:
    """The owner adds (or replaces) the slot's photo: a picture, checked and re-encoded before it is stored."""
    require_resident(actor)
    slot = db.get(ParkingSlot, slot_id, with_for_update=True)
    if slot is None or slot.owner_id != actor.user_id:
        raise NotFound(phrase("parking slot"))
    if not isinstance(data, bytes) or not data:
        raise ServiceError(phrase("Choose a photo of the slot."))
    stored = uploads.store_upload(data, filename or "slot", allowed=uploads.IMAGE_KINDS)
    slot.photo = stored.path
    db.add(slot)
    db.flush()
    return slot


def seen_slot(db: Session, actor: Actor, slot_id: int, lock: bool = False) -> ParkingSlot:
    """The slot if `actor` may see it; otherwise (blocked, not in its audience, unknown) "not available"."""
    require_resident(actor)
    slot = db.get(ParkingSlot, slot_id, with_for_update=lock, populate_existing=lock)
    if slot is None or not visible_to(db, actor, slot):
        raise ServiceError(phrase("This slot is not available."), code="not_available")
    return slot


def _view(db: Session, actor: Actor, slot: ParkingSlot) -> SlotView:
    windows = db.exec(select(SlotWindow).where(SlotWindow.slot_id == slot.id)
                      .order_by(SlotWindow.day, SlotWindow.weekday, SlotWindow.start_minute)).all()
    return SlotView(slot.id, slot.owner_id, slot.place, slot.note, slot.hourly_minor, slot.currency, slot.deposit_bps,
                    slot.min_hours, slot.max_hours, slot.approval, slot.audience, slot.active,
                    slot.owner_cancellations, [shown(w) for w in windows], slot.owner_id == actor.user_id,
                    slot.photo, owner.display_name if (owner := db.get(User, slot.owner_id)) else "")


def slot_view(db: Session, actor: Actor, slot_id: int) -> SlotView:
    return _view(db, actor, seen_slot(db, actor, slot_id))


def visible_slots(db: Session, actor: Actor, limit: int = 100) -> list[SlotView]:
    """Active slots of my community I may see, others' first listed by place."""
    require_resident(actor)
    rows = db.exec(select(ParkingSlot).where(ParkingSlot.active, visible_clause(actor, ParkingSlot, "slot"))
                   .order_by(ParkingSlot.place, ParkingSlot.id).limit(max(1, min(limit, 200)))).all()
    return [_view(db, actor, s) for s in rows]


def my_slots(db: Session, actor: Actor) -> list[SlotView]:
    require_resident(actor)
    rows = db.exec(select(ParkingSlot).where(ParkingSlot.owner_id == actor.user_id)
                   .order_by(ParkingSlot.active.desc(), ParkingSlot.place)).all()
    return [_view(db, actor, s) for s in rows]


def shared_slot_count(db: Session, actor: Actor, community_id: int) -> int:
    """Property staff: how many slots are shared in their community (never who rents whose)."""
    require_staff_of(actor, community_id)
    return int(db.exec(select(func.count()).select_from(ParkingSlot).where(
        ParkingSlot.community_id == community_id, ParkingSlot.active)).one())
