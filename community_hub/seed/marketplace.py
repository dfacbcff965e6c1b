"""Demo extras for the marketplace: the category tree, shop sections, flags, a coupon.

Called by the demo seed after it has made the community and its merchants; running it again
changes nothing (every row is looked up before it is added).
"""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.models import Community, Merchant, Product
from community_hub.models.base import utcnow
from community_hub.models.catalog import Category, MerchantSection
from community_hub.models.orders import Coupon, CouponKind
from community_hub.models.promotions import (
    HomeList,
    HomeListItem,
    HomeListKind,
    HomeRule,
    PlatformCoupon,
    Promotion,
    PromotionItem,
)
from community_hub.seed.made_to_order import seed_made_to_order

# (slug, name, parent slug); merchant categories map onto the leaves of the same slug.
CATEGORIES = [
    ("food", "Food & drink", None),
    ("grocery", "Groceries", "food"),
    ("bakery", "Bakery", "food"),
    ("cafe", "Café", "food"),
    ("restaurant", "Restaurants", "food"),
    ("health", "Health", None),
    ("pharmacy", "Pharmacy", "health"),
    ("home", "Home & services", None),
    ("hardware", "Hardware", "home"),
    ("laundry", "Laundry", "home"),
    ("florist", "Flowers", "home"),
]


def _category(db: Session, slug: str, name: str, parent_id: int | None, sort: int) -> Category:
    row = db.exec(select(Category).where(Category.slug == slug)).first()
    if row is None:
        row = Category(slug=slug, name=name, parent_id=parent_id, sort=sort)
        db.add(row)
        db.flush()
    return row


def _section(db: Session, merchant_id: int, name: str, sort: int) -> MerchantSection:
    row = db.exec(select(MerchantSection).where(MerchantSection.merchant_id == merchant_id,
                                                MerchantSection.name == name)).first()
    if row is None:
        row = MerchantSection(merchant_id=merchant_id, name=name, sort=sort)
        db.add(row)
        db.flush()
    return row


def seed_marketplace(db: Session, community: Community, merchants: list[Merchant]) -> dict[str, int]:
    """Add categories, sections, home-page flags, shop SEO text and a WELCOME5 coupon (first shop)."""
    by_slug: dict[str, Category] = {}
    for i, (slug, name, parent) in enumerate(CATEGORIES):
        by_slug[slug] = _category(db, slug, name, by_slug[parent].id if parent else None, i)
    for m in merchants:
        if not m.seo_description:
            m.seo_title = f"{m.name} — {m.category.title()} near {community.name}"[:70]
            m.seo_description = f"Order from {m.name} for delivery or pickup at {community.name}."[:160]
            m.description = m.description or f"Your neighbourhood {m.category} shop, a short walk from {community.name}."
            db.add(m)
        popular = _section(db, m.id, "Popular", 0)
        more = _section(db, m.id, "More", 1)
        products = list(db.exec(select(Product).where(Product.merchant_id == m.id).order_by(Product.id)))
        cat = by_slug.get(m.category)
        for i, p in enumerate(products):
            if p.section_id is not None:
                continue  # already arranged (a second run, or the merchant's own choice)
            p.section_id = popular.id if i < 4 else more.id
            p.category_id = p.category_id or (cat.id if cat else None)
            p.sku = p.sku or f"{m.slug[:20].upper()}-{i + 1:03d}"
            p.recommended = i in (1, 5)
            p.sold_count = max(p.sold_count, 30 - 3 * i)  # a few "hot" items on the home page
            db.add(p)
    coupons = 0
    if merchants:
        first = merchants[0]
        if db.exec(select(Coupon).where(Coupon.merchant_id == first.id, Coupon.code == "WELCOME5")).first() is None:
            db.add(Coupon(merchant_id=first.id, code="WELCOME5", kind=CouponKind.AMOUNT, value=500,
                          min_spend_minor=2000, per_user_limit=1))
            coupons = 1
    seed_made_to_order(db, merchants)  # issue 20: the bakery's cake, made to order
    if merchants:
        _pin_first_product(db, community, merchants[0])
        _platform_promotions(db, community, merchants[0])
    db.flush()
    return {"categories": len(by_slug), "merchants": len(merchants), "coupons_added": coupons}


def _pin_first_product(db: Session, community: Community, shop: Merchant) -> None:
    """The community's pinned list (home curation, admins' to change): the first shop's first product."""
    if db.exec(select(HomeList).where(HomeList.community_id == community.id, HomeList.kind == HomeListKind.PINNED)).first():
        return
    first = db.exec(select(Product).where(Product.merchant_id == shop.id).order_by(Product.id)).first()
    if first is None:
        return
    pinned = HomeList(community_id=community.id, kind=HomeListKind.PINNED, rule=HomeRule.MANUAL, version=1)
    db.add(pinned)
    db.flush()
    db.add(HomeListItem(home_list_id=pinned.id, product_id=first.id, position=0))


def _platform_promotions(db: Session, community: Community, shop: Merchant) -> None:
    """A platform coupon residents can collect on their home page, and a month-long campaign
    banner with the first shop (issue 18); the platform pays the coupon's discount."""
    from datetime import timedelta

    if db.exec(select(PlatformCoupon).where(PlatformCoupon.name == "Welcome to the neighbourhood")).first() is None:
        db.add(PlatformCoupon(name="Welcome to the neighbourhood", kind=CouponKind.AMOUNT, value=200,
                              min_spend_minor=1500, per_member_limit=1))
    if db.exec(select(Promotion).where(Promotion.title == "Shop local month")).first() is None:
        now = utcnow()
        promo = Promotion(title="Shop local month", banner="Fresh from the shops a few minutes from your door.",
                          starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=30))
        db.add(promo)
        db.flush()
        db.add(PromotionItem(promotion_id=promo.id, merchant_id=shop.id))
