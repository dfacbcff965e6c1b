"""Mutual reviews after a completed deal (a parking booking paid out, an item completed): each
side rates the other 1-5 with a comment within 14 days. A review is published when both have
written or the window has closed, so neither reads the other's first. A member's published
reviews are read by neighbours of their community who are not blocked either way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.models import User
from community_hub.models.base import utcnow
from community_hub.models.sharing import (
    BookingStatus,
    ItemStatus,
    ParkingBooking,
    ParkingSlot,
    SharedItem,
    SharingReview,
)
from community_hub.sharing.relations import (
    blocked_either_way,
    blocked_ids,
    not_available,
    resident_community,
)

WINDOW_DAYS = 14
COMMENT_LIMIT = 500
KINDS = ("booking", "item")
SHOWN = 100


@dataclass(frozen=True)
class Deal:
    kind: str
    deal_id: int
    sides: tuple[int, int]
    closed_at: datetime


@dataclass(frozen=True)
class ReviewView:
    author_id: int
    rating: int
    comment: str
    at: datetime
    review_id: int = 0
    author_name: str = ""


@dataclass(frozen=True)
class DealReviews:
    """One deal's reviews as one side sees them: whether I may still write, mine, and the other's
    once published."""
    kind: str
    deal_id: int
    other_id: int
    can_write: bool
    window_ends: datetime
    mine: ReviewView | None
    theirs: ReviewView | None  # only once published
    waiting_for_other: bool  # I wrote, they have not, the window is open


@dataclass(frozen=True)
class ToReview:
    kind: str
    deal_id: int
    other_id: int
    other_name: str
    title: str
    window_ends: datetime


def _deal(db: Session, kind: str, deal_id: int) -> Deal | None:
    """The completed deal, or None (not completed, unknown)."""
    if kind == "booking":
        b = db.get(ParkingBooking, deal_id)
        if b is not None and b.status == BookingStatus.PAID_OUT and b.closed_at:
            return Deal(kind, b.id, (b.owner_id, b.renter_id), b.closed_at)
    elif kind == "item":
        i = db.get(SharedItem, deal_id)
        if i is not None and i.status == ItemStatus.COMPLETED and i.completed_at and i.reserved_for_id:
            return Deal(kind, i.id, (i.owner_id, i.reserved_for_id), i.completed_at)
    return None


def write_review(db: Session, actor: Actor, kind: str, deal_id: int, rating: int, comment: str = "",
                 now: datetime | None = None) -> SharingReview:
    require_resident(actor)
    now = now or utcnow()
    if kind not in KINDS:
        raise NotFound(phrase("deal"))
    deal = _deal(db, kind, deal_id)
    if deal is None or actor.user_id not in deal.sides:
        raise ServiceError(phrase("Only a completed booking or item of yours can be reviewed."))
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ServiceError(phrase("Give a rating from 1 to 5."))
    comment = (comment or "").strip()
    if len(comment) > COMMENT_LIMIT:
        raise ServiceError(phrase("A comment is at most {n} characters.", n=COMMENT_LIMIT))
    if now > deal.closed_at + timedelta(days=WINDOW_DAYS):
        raise ServiceError(phrase("Reviews are written within {n} days of the end.", n=WINDOW_DAYS))
    other = deal.sides[1] if actor.user_id == deal.sides[0] else deal.sides[0]
    if blocked_either_way(db, actor.user_id, other):
        raise not_available()
    if db.exec(select(SharingReview.id).where(SharingReview.deal_kind == kind, SharingReview.deal_id == deal_id,
                                              SharingReview.author_id == actor.user_id)).first() is not None:
        raise ServiceError(phrase("You have already reviewed this."))
    review = SharingReview(deal_kind=kind, deal_id=deal_id, author_id=actor.user_id, about_id=other, rating=rating,
                           comment=comment, created_at=now)
    db.add(review)
    db.flush()
    return review


def _published(db: Session, review: SharingReview, now: datetime) -> bool:
    deal = _deal(db, review.deal_kind, review.deal_id)
    if deal is None:
        return False
    if now > deal.closed_at + timedelta(days=WINDOW_DAYS):
        return True
    both = db.exec(select(func.count()).select_from(SharingReview).where(
        SharingReview.deal_kind == review.deal_kind, SharingReview.deal_id == review.deal_id)).one()
    return int(both) >= 2


def reviews_about(db: Session, actor: Actor, user_id: int, now: datetime | None = None) -> list[ReviewView]:
    """The published reviews of a member, newest first, for a neighbour who may see their posts."""
    require_resident(actor)
    now = now or utcnow()
    if user_id != actor.user_id and (resident_community(db, user_id) != actor.community_id
                                     or blocked_either_way(db, actor.user_id, user_id)):
        raise not_available()
    rows = db.exec(select(SharingReview, User.display_name).join(User, User.id == SharingReview.author_id)
                   .where(SharingReview.about_id == user_id, SharingReview.hidden.is_(False))
                   .order_by(SharingReview.created_at.desc(), SharingReview.id.desc()).limit(SHOWN)).all()
    return [ReviewView(r.author_id, r.rating, r.comment, r.created_at, r.id, name)
            for r, name in rows if _published(db, r, now)]


def deal_reviews(db: Session, actor: Actor, kind: str, deal_id: int, now: datetime | None = None) -> DealReviews | None:
    """The review box of a deal for one of its two sides; None when the deal is not completed or
    not theirs (nothing to show)."""
    require_resident(actor)
    now = now or utcnow()
    deal = _deal(db, kind, deal_id) if kind in KINDS else None
    if deal is None or actor.user_id not in deal.sides:
        return None
    other = deal.sides[1] if actor.user_id == deal.sides[0] else deal.sides[0]
    ends = deal.closed_at + timedelta(days=WINDOW_DAYS)
    rows = db.exec(select(SharingReview).where(SharingReview.deal_kind == kind, SharingReview.deal_id == deal_id)).all()
    mine = next((r for r in rows if r.author_id == actor.user_id), None)
    theirs = next((r for r in rows if r.author_id == other), None)
    published = now > ends or len(rows) >= 2
    blocked = blocked_either_way(db, actor.user_id, other)
    return DealReviews(
        kind, deal_id, other, mine is None and now <= ends and not blocked, ends,
        ReviewView(mine.author_id, mine.rating, mine.comment, mine.created_at, mine.id) if mine else None,
        ReviewView(theirs.author_id, theirs.rating, "" if theirs.hidden else theirs.comment, theirs.created_at,
                   theirs.id) if theirs and published and not blocked else None,
        mine is not None and theirs is None and now <= ends)


def to_review(db: Session, actor: Actor, now: datetime | None = None) -> list[ToReview]:
    """The completed bookings and items I may still review (window open, not written, not
    blocked), the soonest closing first."""
    require_resident(actor)
    now = now or utcnow()
    me, since = actor.user_id, now - timedelta(days=WINDOW_DAYS)
    found: list[tuple[str, int, int, str, datetime]] = []
    for b, place in db.exec(select(ParkingBooking, ParkingSlot.place).join(ParkingSlot, ParkingSlot.id == ParkingBooking.slot_id)
                            .where(ParkingBooking.status == BookingStatus.PAID_OUT, ParkingBooking.closed_at >= since,
                                   or_(ParkingBooking.owner_id == me, ParkingBooking.renter_id == me))).all():
        found.append(("booking", b.id, b.renter_id if b.owner_id == me else b.owner_id, place, b.closed_at))
    for i in db.exec(select(SharedItem).where(SharedItem.status == ItemStatus.COMPLETED, SharedItem.completed_at >= since,
                                              SharedItem.reserved_for_id.is_not(None),
                                              or_(SharedItem.owner_id == me, SharedItem.reserved_for_id == me))).all():
        found.append(("item", i.id, i.reserved_for_id if i.owner_id == me else i.owner_id, i.title, i.completed_at))
    written = set(db.exec(select(SharingReview.deal_kind, SharingReview.deal_id).where(SharingReview.author_id == me)).all())
    blocked = blocked_ids(db, me)
    others = {o for _, _, o, _, _ in found}
    names = dict(db.exec(select(User.id, User.display_name).where(User.id.in_(others))).all()) if others else {}
    rows = [ToReview(k, d, o, names.get(o, ""), title, closed + timedelta(days=WINDOW_DAYS))
            for k, d, o, title, closed in found if (k, d) not in written and o not in blocked]
    return sorted(rows, key=lambda r: r.window_ends)


def reviews_version(db: Session, actor: Actor) -> tuple[int, int]:
    """Reviews written by or about me: /share/reviews reloads when one is added."""
    require_resident(actor)
    me = actor.user_id
    row = db.exec(select(func.count(), func.coalesce(func.max(SharingReview.id), 0)).where(
        or_(SharingReview.author_id == me, SharingReview.about_id == me))).one()
    return int(row[0]), int(row[1])


def reviews_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's keys for `reviews_version` (core/change_rings.py): a review by or about me
    written; no scheduled change (the version counts rows, not what is published yet)."""
    require_resident(actor)
    me = actor.user_id
    return [change_rings.key_of(SharingReview, "author_id", me), change_rings.key_of(SharingReview, "about_id", me)], None
