"""Mutual reviews after a completed deal (a parking booking paid out, an item completed): each
side rates the other 1-5 with a comment within 14 days. A review is published when both have
written or the window has closed, so neither reads the other's first. A member's published
reviews are read by neighbours of their community who are not blocked either way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.models.base import utcnow
from community_hub.models.sharing import (
    BookingStatus,
    ItemStatus,
    ParkingBooking,
    SharedItem,
    SharingReview,
)
from community_hub.sharing.relations import blocked_either_way, not_available, resident_community

WINDOW_DAYS = 14
COMMENT_LIMIT = 500
KINDS = ("booking", "item")


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
    rows = db.exec(select(SharingReview).where(SharingReview.about_id == user_id)
                   .order_by(SharingReview.created_at.desc())).all()
    return [ReviewView(r.author_id, r.rating, r.comment, r.created_at) for r in rows if _published(db, r, now)]
