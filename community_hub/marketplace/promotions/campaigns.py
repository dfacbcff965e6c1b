"""Campaigns: a name, dates, a banner and a set of products or shops. The platform runs its own
(admins with the CONTENT role; for every community or one), a shop runs its own on its products.
The resident's home shows the running ones as banners with their products (`home_banners`):
the platform's first, then the shops' of the resident's 10-minute circle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, or_, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_merchant_of,
    require_resident,
)
from community_hub.core.rows import get_or_not_found
from community_hub.models import Community, Merchant, MerchantStatus, Product
from community_hub.models.base import utcnow
from community_hub.models.promotions import Promotion, PromotionItem

MAX_TITLE = 80
MAX_BANNER = 200
MAX_ITEMS = 24


def _check(title: str, banner: str, starts_at: datetime | None, ends_at: datetime | None, now: datetime) -> tuple[str, str]:
    title, banner = (title or "").strip(), (banner or "").strip()
    if not title:
        raise ServiceError(phrase("Give the promotion a name."))
    if len(title) > MAX_TITLE or len(banner) > MAX_BANNER:
        raise ServiceError(phrase("A promotion's name is at most {title} characters and its banner at most {banner}.",
                                  title=MAX_TITLE, banner=MAX_BANNER))
    if starts_at is None or ends_at is None:
        raise ServiceError(phrase("Choose the promotion's first and last day."))
    if ends_at <= starts_at:
        raise ServiceError(phrase("The promotion must end after it starts."))
    if ends_at <= now:
        raise ServiceError(phrase("The end date is in the past: choose a later day."))
    return title, banner


def _products(db: Session, product_ids: Sequence[int], merchant_id: int | None = None) -> list[Product]:
    ids = list(dict.fromkeys(int(i) for i in product_ids))
    if len(ids) > MAX_ITEMS:
        raise ServiceError(phrase("A promotion shows at most {most} products or shops.", most=MAX_ITEMS))
    found = {p.id: p for p in db.exec(select(Product).where(Product.id.in_(ids))).all()} if ids else {}
    for i in ids:
        p = found.get(i)
        if p is None or (merchant_id is not None and p.merchant_id != merchant_id):
            raise ServiceError(phrase("Product #{id} is not one you can put in this promotion.", id=i))
    return [found[i] for i in ids]


def create_platform_promotion(db: Session, actor: Actor, *, title: str, banner: str = "",
                              starts_at: datetime | None, ends_at: datetime | None, community_id: int | None = None,
                              product_ids: Sequence[int] = (), merchant_ids: Sequence[int] = (),
                              now: datetime | None = None) -> Promotion:
    require_admin_permission(actor, AdminPermission.CONTENT)
    title, banner = _check(title, banner, starts_at, ends_at, now or utcnow())
    if community_id is not None and db.get(Community, community_id) is None:
        raise ServiceError(phrase("Choose a community, or every community."))
    products = _products(db, product_ids)
    from community_hub.marketplace.promotions.admin_choices import campaign_product_refusal

    refused = campaign_product_refusal(db, [pr.id for pr in products])
    if refused is not None:  # only approved products of shops that are not suspended
        raise ServiceError(phrase("Product #{id} is not one you can put in this promotion.", id=refused))
    shops = list(dict.fromkeys(int(i) for i in merchant_ids))
    if len(products) + len(shops) > MAX_ITEMS:
        raise ServiceError(phrase("A promotion shows at most {most} products or shops.", most=MAX_ITEMS))
    for i in shops:
        if db.get(Merchant, i) is None:
            raise ServiceError(phrase("Shop #{id} does not exist.", id=i))
    if not products and not shops:
        raise ServiceError(phrase("Add at least one product or shop to the promotion."))
    promo = Promotion(title=title, banner=banner, starts_at=starts_at, ends_at=ends_at, community_id=community_id,
                      created_by=actor.user_id)
    db.add(promo)
    db.flush()
    db.add_all([PromotionItem(promotion_id=promo.id, product_id=p.id) for p in products]
               + [PromotionItem(promotion_id=promo.id, merchant_id=i) for i in shops])
    db.flush()
    return promo


def create_merchant_promotion(db: Session, actor: Actor, merchant_id: int, *, title: str, banner: str = "",
                              starts_at: datetime | None, ends_at: datetime | None, product_ids: Sequence[int] = (),
                              now: datetime | None = None) -> Promotion:
    """A shop's own campaign: its banner on the home of the communities it serves, with its products."""
    require_merchant_of(actor, merchant_id)
    title, banner = _check(title, banner, starts_at, ends_at, now or utcnow())
    products = _products(db, product_ids, merchant_id)
    promo = Promotion(merchant_id=merchant_id, title=title, banner=banner, starts_at=starts_at, ends_at=ends_at,
                      created_by=actor.user_id)
    db.add(promo)
    db.flush()
    db.add_all([PromotionItem(promotion_id=promo.id, product_id=p.id) for p in products])
    db.flush()
    return promo


def end_platform_promotion(db: Session, actor: Actor, promotion_id: int) -> Promotion:
    require_admin_permission(actor, AdminPermission.CONTENT)
    promo = get_or_not_found(db, Promotion, promotion_id, phrase("promotion"))
    promo.active = False
    db.add(promo)
    return promo


def end_promotion(db: Session, actor: Actor, promotion_id: int) -> Promotion:
    """A shop ends its own campaign early."""
    promo = get_or_not_found(db, Promotion, promotion_id, phrase("promotion"))
    if promo.merchant_id is None:
        raise ServiceError(phrase("That is the platform's promotion: the back office ends it."))
    require_merchant_of(actor, promo.merchant_id)
    promo.active = False
    db.add(promo)
    return promo


def list_merchant_promotions(db: Session, actor: Actor, merchant_id: int) -> list[Promotion]:
    require_merchant_of(actor, merchant_id)
    return list(db.exec(select(Promotion).where(Promotion.merchant_id == merchant_id)
                        .order_by(Promotion.starts_at.desc(), Promotion.id.desc())))


@dataclass
class Banner:
    promotion_id: int
    title: str
    banner: str
    shop_name: str  # "" for the platform's own
    ends_at: datetime
    products: list[Product] = field(default_factory=list)
    shops: list[Merchant] = field(default_factory=list)


def home_banners(db: Session, actor: Actor, now: datetime | None = None, limit: int = 6) -> list[Banner]:
    """The running campaigns a resident's home shows: the platform's (for everyone or their
    community), then the shops' in their circle; only products and shops that are for sale."""
    from community_hub.marketplace import kept_reads
    from community_hub.marketplace.circle import my_community

    require_resident(actor)
    community = my_community(db, actor)
    if now is not None:  # a given moment (tests, previews): read now
        return _banners(db, community, now, limit)
    # The same for every resident of the community: kept a few seconds (marketplace/kept_reads.py),
    # like the home feed beside it; it was a query per campaign and one per product and shop.
    return kept_reads.kept(db, ("home_banners", community.id, limit), lambda own: _banners(own, community, utcnow(), limit))


def _banners(db: Session, community: Community, now: datetime, limit: int) -> list[Banner]:
    from community_hub.marketplace.circle import circle_merchant_ids

    near = set(circle_merchant_ids(db, community))
    rows = db.exec(select(Promotion).where(Promotion.active, Promotion.starts_at <= now, Promotion.ends_at > now,
                                           or_(Promotion.community_id.is_(None), Promotion.community_id == community.id))
                   .order_by(Promotion.merchant_id.is_not(None), Promotion.ends_at, Promotion.id)).all()
    out: list[Banner] = []
    for promo in rows:
        if promo.merchant_id is not None and promo.merchant_id not in near:
            continue
        items = db.exec(select(PromotionItem).where(PromotionItem.promotion_id == promo.id).order_by(PromotionItem.id)).all()
        products = [p for p in (db.get(Product, i.product_id) for i in items if i.product_id)
                    if p and p.available and not p.abnormal and p.live and p.merchant_id in near]
        shops = [m for m in (db.get(Merchant, i.merchant_id) for i in items if i.merchant_id)
                 if m and m.status == MerchantStatus.APPROVED and m.id in near]
        owner = db.get(Merchant, promo.merchant_id) if promo.merchant_id else None
        if owner is not None and owner.status != MerchantStatus.APPROVED:
            continue
        if not products and not shops and owner is None:
            continue
        out.append(Banner(promo.id, promo.title, promo.banner, owner.name if owner else "", promo.ends_at,
                          products, shops or ([owner] if owner else [])))
        if len(out) >= limit:
            break
    return out
