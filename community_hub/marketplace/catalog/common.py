"""What every part of the catalog shares: limits, flags, checks of a shop's own products."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, select

from community_hub.core import prebuilt
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    require_merchant_of,
    require_user,
)
from community_hub.core.rows import get_or_not_found
from community_hub.marketplace.joined_text import joined
from community_hub.models import Merchant, MerchantStatus, Product
from community_hub.models.base import utcnow
from community_hub.models.catalog import (
    Category,
    MerchantSection,
)

NEW_DAYS = 14  # a product is "new" for two weeks after it is listed
HOT_SOLD_MIN = 20  # units sold that make a product "hot"
MAX_PHOTOS = 8
# Prices in major units ("3.50"), never minor units. barcode last: files made before it still import.
CSV_COLUMNS = ["sku", "name", "description", "price", "compare_at_price", "stock", "category",
               "section", "available", "recommended", "barcode"]
MAX_CSV_ROWS = 5000


class CsvImportError(ServiceError):
    """The import was refused as a whole; `errors` has one readable line per bad row."""

    def __init__(self, errors: list[str]):
        shown = errors[:10] + ([phrase("and {count} more", count=len(errors) - 10)] if len(errors) > 10 else [])
        super().__init__(phrase("Nothing was imported. Fix these rows and try again: {rows}", rows=joined(shown, "; ")),
                         code="csv_errors")
        self.errors = errors


@dataclass(frozen=True)
class ProductFlags:
    new: bool
    hot: bool
    recommended: bool
    discount_pct: int  # 0 when there is no compare-at price above the price




def merchant_or_404(db: Session, merchant_id: int, lock: bool = False) -> Merchant:
    """The shop, optionally row-locked; a readable NotFound if there is none."""
    return get_or_not_found(db, Merchant, merchant_id, phrase("shop"), lock=lock)


def _own_product(db: Session, actor: Actor, product_id: int) -> Product:
    require_user(actor)
    p = get_or_not_found(db, Product, product_id, phrase("product"), lock=True)
    require_merchant_of(actor, p.merchant_id)
    return p


def _check_price(price_minor: int | None, compare_at_minor: int | None) -> None:
    if price_minor is not None and price_minor < 0:
        raise ServiceError(phrase("A price cannot be negative."))
    if compare_at_minor is not None and price_minor is not None and compare_at_minor <= price_minor:
        raise ServiceError(phrase("The compare-at price must be higher than the price (it shows the discount)."))


def _check_stock(stock: int | None) -> None:
    if stock is not None and stock < 0:
        raise ServiceError(phrase("Stock cannot be negative; leave it empty for unlimited (services)."))


def _check_section(db: Session, merchant_id: int, section_id: int | None) -> None:
    if section_id is not None:
        s = db.get(MerchantSection, section_id)
        if s is None or s.merchant_id != merchant_id:
            raise ServiceError(phrase("That section is not one of this shop's sections."))


def _check_category(db: Session, category_id: int | None) -> None:
    if category_id is not None and db.get(Category, category_id) is None:
        raise ServiceError(phrase("That category does not exist."))


def product_flags(product: Product, now: datetime | None = None) -> ProductFlags:
    """Derived badges: new (listed in the last 14 days), hot (sold 20+), recommended (merchant's pick)."""
    now = now or utcnow()
    discount = 0
    if product.compare_at_minor and product.compare_at_minor > product.price_minor:
        discount = round(100 * (product.compare_at_minor - product.price_minor) / product.compare_at_minor)
    return ProductFlags(
        new=product.created_at >= now - timedelta(days=NEW_DAYS),
        hot=product.sold_count >= HOT_SOLD_MIN,
        recommended=product.recommended,
        discount_pct=discount,
    )


def is_for_sale(product: Product, merchant: Merchant) -> bool:
    return product.available and not product.abnormal and product.live and merchant.status == MerchantStatus.APPROVED


def kept_shop_labels(db: Session, merchant_ids: set[int]) -> dict[int, tuple[str, str]]:
    """`shop_labels` of the shops a community's home shows, kept a few seconds with the home feed
    and campaigns they label (marketplace/kept_reads.py: dropped by any write to a shop): every
    resident's home asked for the same names again. Read it, never change it: it is shared."""
    from community_hub.marketplace import kept_reads

    ids = tuple(sorted(merchant_ids))
    return kept_reads.kept(db, ("shop_labels", ids), lambda own: shop_labels(own, set(ids)))


def shop_labels(db: Session, merchant_ids: set[int]) -> dict[int, tuple[str, str]]:
    """(name, slug) of each shop, in one query: the home page labels every product it shows with
    its shop (it read them one shop at a time: 1.8 % of the load bench's worker)."""
    if not merchant_ids:
        return {}
    return {i: (name, slug) for i, name, slug in prebuilt.rows(db, _LABELS, ids=sorted(merchant_ids))}


_LABELS = select(Merchant.id, Merchant.name, Merchant.slug).where(Merchant.id.in_(bindparam("ids", expanding=True)))
