"""Residents' questions to a shop (issue 18). A shop under the platform's customer-service cover
(marketplace/service_cover.py) has its questions answered from the platform's service queue by
customer-service admins; any other shop answers its own. The resident reads the answer on their
questions page and in their inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_merchant_of,
    require_user,
)
from community_hub.marketplace.service_cover import covered_now
from community_hub.models import Merchant, MerchantStatus, User
from community_hub.models.base import utcnow
from community_hub.models.service_cover import ShopQuestion
from community_hub.notify import outbox

TEXT_MAX = 1000


@dataclass(frozen=True)
class QuestionView:
    id: int
    merchant_id: int
    shop: str
    asker: str
    text: str
    answer: str
    to_platform: bool
    created_at: datetime
    answered_at: datetime | None


def _view(db: Session, q: ShopQuestion, shops: dict[int, str] | None = None) -> QuestionView:
    shop = (shops or {}).get(q.merchant_id) or (db.get(Merchant, q.merchant_id).name if db.get(Merchant, q.merchant_id) else "")
    asker = db.get(User, q.user_id)
    return QuestionView(q.id, q.merchant_id, shop, asker.display_name if asker else "", q.text, q.answer,
                        q.to_platform, q.created_at, q.answered_at)


def _text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ServiceError(phrase("Write your {what} first.", what=phrase(what)))
    if len(text) > TEXT_MAX:
        raise ServiceError(phrase("A {what} is at most {most} characters.", what=phrase(what), most=TEXT_MAX))
    return text


def ask(db: Session, actor: Actor, merchant_id: int, text: str) -> QuestionView:
    """A signed-in member asks a shop something: to the platform's queue while the shop is covered."""
    require_user(actor)
    shop = db.get(Merchant, merchant_id) if isinstance(merchant_id, int) else None
    if shop is None or shop.status != MerchantStatus.APPROVED:
        raise NotFound(phrase("shop"))
    q = ShopQuestion(merchant_id=shop.id, user_id=actor.user_id, text=_text(text, N_("question")),
                     to_platform=covered_now(db, shop.id))
    db.add(q)
    db.flush()
    if not q.to_platform:
        from community_hub.marketplace.service_cover import _merchant_users

        for uid in _merchant_users(db, shop.id):
            outbox.notify_user(db, uid, "shop_question_new", link="/merchant/service", shop=shop.name)
    return _view(db, q)


def askable_shops(db: Session, actor: Actor) -> list[tuple[int, str]]:
    """The shops a member can ask, by name."""
    require_user(actor)
    return [(i, n) for i, n in db.exec(select(Merchant.id, Merchant.name)
                                       .where(Merchant.status == MerchantStatus.APPROVED).order_by(Merchant.name)).all()]


def my_questions(db: Session, actor: Actor) -> list[QuestionView]:
    require_user(actor)
    rows = db.exec(select(ShopQuestion).where(ShopQuestion.user_id == actor.user_id)
                   .order_by(ShopQuestion.id.desc()).limit(100)).all()
    return [_view(db, q) for q in rows]


def shop_questions(db: Session, actor: Actor, merchant_id: int) -> list[QuestionView]:
    """The shop's own questions (not those the platform answers for it), unanswered first."""
    require_merchant_of(actor, merchant_id)
    rows = db.exec(select(ShopQuestion).where(ShopQuestion.merchant_id == merchant_id,
                                              ShopQuestion.to_platform.is_(False))
                   .order_by(ShopQuestion.id.desc()).limit(200)).all()
    return sorted((_view(db, q) for q in rows), key=lambda v: (bool(v.answer), -v.id))


def service_queue(db: Session, actor: Actor) -> list[QuestionView]:
    """The platform's service queue: covered shops' questions, the oldest unanswered first."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    rows = db.exec(select(ShopQuestion).where(ShopQuestion.to_platform.is_(True))
                   .order_by(ShopQuestion.id.desc()).limit(200)).all()
    shops = dict(db.exec(select(Merchant.id, Merchant.name)).all())
    return sorted((_view(db, q, shops) for q in rows), key=lambda v: (bool(v.answer), v.id if not v.answer else -v.id))


def answer(db: Session, actor: Actor, question_id: int, text: str) -> QuestionView:
    """The one it was routed to answers once: the shop, or customer service for a covered shop."""
    q = db.get(ShopQuestion, question_id, with_for_update=True) if isinstance(question_id, int) else None
    if q is None:
        raise NotFound(phrase("question"))
    if q.to_platform:
        require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    else:
        require_merchant_of(actor, q.merchant_id)
    if q.answer:
        raise ServiceError(phrase("This question was already answered; reload the page."))
    q.answer, q.answered_by, q.answered_at = _text(text, N_("answer")), actor.user_id, utcnow()
    db.add(q)
    view = _view(db, q)
    outbox.notify_user(db, q.user_id, "shop_question_answered", link="/questions", shop=view.shop)
    return view
