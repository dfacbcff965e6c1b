"""The back office's view of promotions: every platform coupon, platform and shop campaign and
shop coupon with its usage (CONTENT), and what the platform's coupons cost it, read from the
ledger (FINANCE): the platform's statement of its promotion expense."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, func, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models import Merchant
from community_hub.models.base import utcnow
from community_hub.models.ledger import AccountKind, LedgerAccount, LedgerPosting, LedgerTransaction
from community_hub.models.orders import Coupon, CouponRedemption, Order
from community_hub.models.promotions import (
    CollectedCoupon,
    PlatformCoupon,
    Promotion,
    PromotionItem,
)
from community_hub.payments.promotion_postings import KIND as FUNDED_KIND
from community_hub.payments.promotion_postings import REVERSED


@dataclass(frozen=True)
class CouponUsage:
    coupon_id: int
    owner: str  # "" for the platform, else the shop's name
    name: str  # a platform coupon's name, a shop coupon's code
    kind: str
    value: int
    currency: str
    active: bool
    starts_at: datetime | None
    ends_at: datetime | None
    collected: int  # platform coupons only
    used: int
    discount_minor: int  # given on orders so far (who pays: owner "" the platform, else the shop)
    total_limit: int | None
    audience: str
    community_id: int | None = None  # who may collect a platform coupon
    level_id: int | None = None


@dataclass(frozen=True)
class PromotionUsage:
    promotion_id: int
    owner: str  # "" for the platform
    title: str
    banner: str
    starts_at: datetime
    ends_at: datetime
    running: bool
    items: int


@dataclass(frozen=True)
class PromotionsOverview:
    platform_coupons: list[CouponUsage]
    shop_coupons: list[CouponUsage]
    promotions: list[PromotionUsage]


def promotions_overview(db: Session, actor: Actor, now: datetime | None = None) -> PromotionsOverview:
    require_admin_permission(actor, AdminPermission.CONTENT)
    now = now or utcnow()
    given = dict(db.exec(select(CollectedCoupon.coupon_id, func.coalesce(func.sum(CollectedCoupon.discount_minor), 0))
                         .group_by(CollectedCoupon.coupon_id)).all())
    platform = [CouponUsage(c.id, "", c.name, c.kind, c.value, c.currency, c.active, c.starts_at, c.ends_at,
                            c.collected_count, c.used_count, int(given.get(c.id, 0)), c.total_limit, c.audience,
                            c.community_id, c.level_id)
                for c in db.exec(select(PlatformCoupon).order_by(PlatformCoupon.id.desc())).all()]
    shop_given = dict(db.exec(select(CouponRedemption.coupon_id, func.coalesce(func.sum(CouponRedemption.discount_minor), 0))
                              .group_by(CouponRedemption.coupon_id)).all())
    shops = dict(db.exec(select(Merchant.id, Merchant.name)).all())
    shop = [CouponUsage(c.id, shops.get(c.merchant_id, ""), c.code, c.kind, c.value, "", c.active, c.starts_at,
                        c.ends_at, 0, c.used_count, int(shop_given.get(c.id, 0)), c.total_limit, "")
            for c in db.exec(select(Coupon).order_by(Coupon.id.desc()).limit(500)).all()]
    items = dict(db.exec(select(PromotionItem.promotion_id, func.count()).group_by(PromotionItem.promotion_id)).all())
    promos = [PromotionUsage(p.id, shops.get(p.merchant_id, "") if p.merchant_id else "", p.title, p.banner,
                             p.starts_at, p.ends_at, p.active and p.starts_at <= now < p.ends_at, int(items.get(p.id, 0)))
              for p in db.exec(select(Promotion).order_by(Promotion.ends_at.desc(), Promotion.id.desc()).limit(500)).all()]
    return PromotionsOverview(platform, shop, promos)


@dataclass(frozen=True)
class CostRow:
    at: datetime
    reference: str  # "order:12"
    shop: str
    amount_minor: int
    currency: str
    memo: str


@dataclass(frozen=True)
class CouponCosts:
    rows: list[CostRow]
    totals: dict[str, int]  # per currency


def coupon_costs(db: Session, actor: Actor, start: datetime, end: datetime) -> CouponCosts:
    """The platform's statement of its coupon expense from `start` to `end` (exclusive): each
    discount it paid into a signed order (ledger kind "platform_coupon") and, negative, its share of
    a later refund that came back (kind "platform_coupon_reversed"), newest first."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    if start.tzinfo is None or end.tzinfo is None or end <= start:
        raise ServiceError(phrase("The end of the period must come after its start."))
    rows = db.exec(
        select(LedgerTransaction, LedgerPosting)
        .join(LedgerPosting, LedgerPosting.transaction_id == LedgerTransaction.id)
        .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerTransaction.kind.in_([FUNDED_KIND, REVERSED]), LedgerAccount.kind == AccountKind.PLATFORM_FEES,
               LedgerTransaction.created_at >= start, LedgerTransaction.created_at < end)
        .order_by(LedgerTransaction.created_at.desc(), LedgerTransaction.id.desc())
    ).all()
    order_ids = [int(tx.reference.split(":", 1)[1]) for tx, _p in rows if tx.reference.startswith("order:")]
    # By the order (a coupon given back by a full refund no longer names it).
    shop_of = dict(db.exec(select(Order.id, Merchant.name)
                           .join(Merchant, Merchant.id == Order.merchant_id)
                           .where(Order.id.in_(order_ids))).all()) if order_ids else {}
    out, totals = [], {}
    for tx, p in rows:
        oid = int(tx.reference.split(":", 1)[1]) if tx.reference.startswith("order:") else 0
        out.append(CostRow(tx.created_at, tx.reference, shop_of.get(oid, ""), p.amount_minor, p.currency, tx.memo))
        totals[p.currency] = totals.get(p.currency, 0) + p.amount_minor
    return CouponCosts(out, totals)
