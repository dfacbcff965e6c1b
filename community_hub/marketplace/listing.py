"""When a shop is listed to residents (the circle, search, the kiosk, its own page): it is approved
and has at least one product for sale. A newly approved shop with nothing to sell would be a dead
end for a resident, so it stays out of sight until its first product; its merchant is told so.

Unclaimed listings (made by admins from public information) stay listed: they carry no products by
nature and are how their owners find and claim them."""

from __future__ import annotations

from sqlalchemy import exists, or_
from sqlmodel import Session, select

from community_hub.core.i18n import phrase
from community_hub.models import Merchant, MerchantStatus, Product

HINT = phrase("Add your first product to appear to residents.")
# A product the shop added waits for the platform's review (issue 18) before it is for sale.
WAITING_HINT = phrase("Your products are waiting for the platform's review: the shop appears once one is approved.")


def has_product_for_sale():
    """SQL: the merchant of the row has a product that is available and not flagged by an admin."""
    return exists().where(Product.merchant_id == Merchant.id, Product.available, Product.abnormal.is_(False), Product.live)


def listed_clause():
    """SQL condition for "residents see this shop" (with the approved status checked by the caller)."""
    return or_(Merchant.claimed.is_(False), has_product_for_sale())


def is_listed(db: Session, merchant: Merchant) -> bool:
    if merchant.status != MerchantStatus.APPROVED:
        return False
    return db.exec(select(Merchant.id).where(Merchant.id == merchant.id, listed_clause())).first() is not None


def hint(db: Session, merchant: Merchant) -> str:
    """What an unlisted shop's merchant reads: add a product, or wait for the review of those added."""
    waiting = db.exec(select(Product.id).where(Product.merchant_id == merchant.id, Product.live.is_(False))
                      .limit(1)).first()
    return WAITING_HINT if waiting is not None else HINT
