"""A shop's public page: details, hours, products by section, open now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import NotFound
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission
from community_hub.marketplace import kept_reads
from community_hub.marketplace.listing import is_listed
from community_hub.marketplace.opening_hours import open_in_spans
from community_hub.models import Merchant, MerchantStatus, Product
from community_hub.models.catalog import (
    MerchantHours,
    MerchantSection,
)


@dataclass
class ShopPage:
    merchant: Merchant
    open_now: bool
    seo_title: str
    seo_description: str
    hours: list[MerchantHours]
    sections: list[MerchantSection]
    products: list[Product]
    listed: bool = True  # False: only its own merchant (or an admin) sees the page, until its first product


def shop_page(db: Session, slug: str, now: datetime | None = None, viewer: Actor | None = None) -> ShopPage:
    """What /shop/{slug} shows: only approved shops, only products for sale. A shop not listed yet
    (marketplace.listing: no product for sale) is not found, except by its own merchant and admins.
    The same for everyone who opens it, so kept a few seconds (marketplace/kept_reads.py): read
    what it returns, never change it."""
    found = kept_reads.kept(db, ("shop_page", slug), lambda own: _read(own, slug))
    if found is None:
        raise NotFound(phrase("shop"))
    m, listed, hours, sections, products = found
    if not listed and not (viewer is not None and (viewer.holds(AdminPermission.REVIEW) or m.id in viewer.merchant_ids)):
        raise NotFound(phrase("shop"))
    return ShopPage(
        merchant=m, open_now=open_in_spans(m, hours, now),
        seo_title=m.seo_title or f"{m.name} — {m.category.title()}",
        seo_description=m.seo_description or (m.description[:157] + "..." if len(m.description) > 160 else m.description)
        or phrase("Order from {shop} for delivery or pickup.", shop=m.name),
        hours=list(hours), sections=list(sections), products=list(products), listed=listed,
    )


def _read(db: Session, slug: str) -> tuple | None:
    """The shop, whether it is listed, its hours, sections and products for sale; None when it
    is not an approved shop."""
    m = db.exec(select(Merchant).where(Merchant.slug == slug)).first()
    if m is None or m.status != MerchantStatus.APPROVED:
        return None
    products = tuple(db.exec(select(Product).where(
        Product.merchant_id == m.id, Product.available, Product.abnormal.is_(False), Product.live,
    ).order_by(Product.section_id, Product.name)))
    hours = tuple(db.exec(select(MerchantHours).where(MerchantHours.merchant_id == m.id)
                          .order_by(MerchantHours.weekday, MerchantHours.opens_min)))
    sections = tuple(db.exec(select(MerchantSection).where(MerchantSection.merchant_id == m.id)
                             .order_by(MerchantSection.sort, MerchantSection.name)))
    return m, is_listed(db, m), hours, sections, products
