"""Reviews: the resident rates a signed order once (1-5, text, photos); the shop replies once;
the shop's rating is derived from the visible reviews; reported reviews go to admin moderation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_merchant_of,
    require_user,
)
from community_hub.core.rows import get_or_not_found
from community_hub.marketplace import kept_reads
from community_hub.marketplace.orders import merchant_user_ids
from community_hub.models import AuditEntry, Merchant
from community_hub.models.base import utcnow
from community_hub.models.orders import Order, OrderState
from community_hub.models.reviews import ReportState, Review, ReviewReport
from community_hub.notify.outbox import notify_user

REVIEWABLE = (OrderState.SIGNED, OrderState.SETTLED)
MAX_TEXT = 2000


def recompute_rating(db: Session, merchant_id: int) -> tuple[float, int]:
    """Derive the shop's rating from its visible reviews and store it on the shop for listing."""
    avg, count = db.exec(select(func.avg(Review.rating), func.count()).where(
        Review.merchant_id == merchant_id, Review.hidden.is_(False))).one()
    m = db.exec(select(Merchant).where(Merchant.id == merchant_id).with_for_update()).one()
    m.rating_avg, m.rating_count = round(float(avg or 0), 2), count
    db.add(m)
    return m.rating_avg, m.rating_count


def write_review(db: Session, actor: Actor, order_id: int, rating: int, text: str = "",
                 photos: list[str] | None = None) -> Review:
    """The resident rates their order once, after signing for it."""
    require_user(actor)
    order = db.exec(select(Order).where(Order.id == order_id).with_for_update()).first()
    if order is None or order.user_id != actor.user_id:
        raise NotFound(phrase("order"))
    if order.state not in REVIEWABLE:
        raise ServiceError(phrase("You can review an order after you have signed for it."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ServiceError(phrase("Choose a rating from 1 to 5 stars."))
    if len(text) > MAX_TEXT or len(photos or []) > 6:
        raise ServiceError(phrase("A review is at most {most} characters and 6 photos.", most=MAX_TEXT))
    if db.exec(select(Review.id).where(Review.order_id == order.id)).first():
        raise ServiceError(phrase("You have already reviewed this order."))
    review = Review(order_id=order.id, merchant_id=order.merchant_id, user_id=actor.user_id, rating=rating,
                    text=text.strip(), photos=list(photos or []))
    db.add(review)
    try:
        db.flush()
    except IntegrityError as exc:  # a second tab submitting at the same moment
        raise ServiceError(phrase("You have already reviewed this order.")) from exc
    recompute_rating(db, order.merchant_id)
    for uid in merchant_user_ids(db, order.merchant_id):
        notify_user(db, uid, "review_received", link=f"/merchant/reviews/{review.id}", rating=rating,
                    order_id=order.id, text=text.strip()[:200] or phrase("(no text)"))
    return review


def reply_to_review(db: Session, actor: Actor, review_id: int, text: str) -> Review:
    """The shop answers a review, once."""
    review = db.exec(select(Review).where(Review.id == review_id).with_for_update()).first()
    if review is None:
        raise NotFound(phrase("review"))
    require_merchant_of(actor, review.merchant_id)
    if review.replied_at is not None:
        raise ServiceError(phrase("This review already has your reply."))
    if not text.strip() or len(text) > MAX_TEXT:
        raise ServiceError(phrase("Write a reply of up to {most} characters.", most=MAX_TEXT))
    review.reply_text, review.replied_at = text.strip(), utcnow()
    db.add(review)
    shop = db.get(Merchant, review.merchant_id)
    notify_user(db, review.user_id, "review_reply", link=f"/shop/{shop.slug}", shop=shop.name, text=text.strip()[:200])
    return review


def report_review(db: Session, actor: Actor, review_id: int, reason: str) -> ReviewReport:
    """Anyone logged in may report an abusive review; it goes to the admins' queue (once per person)."""
    require_user(actor)
    if db.get(Review, review_id) is None:
        raise NotFound(phrase("review"))
    if not reason.strip():
        raise ServiceError(phrase("Say what is wrong with the review."))
    if db.exec(select(ReviewReport.id).where(ReviewReport.review_id == review_id,
                                             ReviewReport.reporter_user_id == actor.user_id)).first():
        raise ServiceError(phrase("You have already reported this review; an admin will look at it."))
    report = ReviewReport(review_id=review_id, reporter_user_id=actor.user_id, reason=reason.strip()[:500])
    db.add(report)
    db.flush()
    return report


@dataclass(frozen=True)
class ReportItem:
    report: ReviewReport
    review: Review
    merchant_name: str


def moderation_queue(db: Session, actor: Actor) -> list[ReportItem]:
    """Open reports, oldest first."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    rows = db.exec(select(ReviewReport, Review, Merchant).join(Review, Review.id == ReviewReport.review_id)
                   .join(Merchant, Merchant.id == Review.merchant_id)
                   .where(ReviewReport.state == ReportState.OPEN).order_by(ReviewReport.id)).all()
    return [ReportItem(r, rv, m.name) for r, rv, m in rows]


def decide_report(db: Session, actor: Actor, report_id: int, *, hide: bool, note: str = "") -> ReviewReport:
    """An admin upholds a report (the review is hidden and leaves the rating) or dismisses it.
    Every other open report on the same review is closed with the same decision; the audit keeps it."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    report = get_or_not_found(db, ReviewReport, report_id, phrase("report"))
    if report.state != ReportState.OPEN:
        raise ServiceError(phrase("This report has already been decided."))
    review = db.exec(select(Review).where(Review.id == report.review_id).with_for_update()).one()
    state = ReportState.UPHELD if hide else ReportState.DISMISSED
    now = utcnow()
    for r in db.exec(select(ReviewReport).where(ReviewReport.review_id == review.id, ReviewReport.state == ReportState.OPEN)):
        r.state, r.decided_by, r.decided_at = state, actor.user_id, now
        db.add(r)
    if hide != review.hidden:
        review.hidden = hide
        db.add(review)
        db.flush()
        recompute_rating(db, review.merchant_id)
    db.add(AuditEntry(actor_user_id=actor.user_id, action=f"review.report_{state}", subject=f"review:{review.id}",
                      detail=note.strip()))
    return report


def shop_reviews(db: Session, merchant_id: int, page: int = 1, page_size: int = 20) -> list[Review]:
    """A shop's visible reviews, newest first (for the shop page)."""
    return list(db.exec(select(Review).where(Review.merchant_id == merchant_id, Review.hidden.is_(False))
                        .order_by(Review.id.desc()).offset((max(page, 1) - 1) * page_size).limit(page_size)))


def latest_shop_reviews(db: Session, merchant_id: int, count: int = 10) -> tuple[Review, ...]:
    """The shop page's latest visible reviews, the same for everyone who opens it: kept a few
    seconds (marketplace/kept_reads.py), so read them, never change them."""
    return kept_reads.kept(db, ("shop_reviews", merchant_id, count),
                           lambda own: tuple(shop_reviews(own, merchant_id, page_size=count)))


def my_review(db: Session, actor: Actor, order_id: int) -> Review | None:
    """The resident's review of their order, if written (the page then shows it, not the form)."""
    require_user(actor)
    order = db.get(Order, order_id)
    if order is None or order.user_id != actor.user_id:
        raise NotFound(phrase("order"))
    return db.exec(select(Review).where(Review.order_id == order.id)).first()
