"""What the back office's promotion forms offer to choose from: communities, card levels, shops,
and the products a community's home list may pick."""

from __future__ import annotations

from sqlmodel import Session, func, or_, select

from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.core.rows import get_or_not_found
from community_hub.models import Community, Merchant, MerchantStatus, Product
from community_hub.models.membership import CardLevel, CardProgramme

MAX_PICKABLE = 300


def form_choices(db: Session, actor: Actor) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]]]:
    """(communities, card levels "Programme · Level", approved shops), each sorted by name."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    communities = [(c.id, c.name) for c in db.exec(select(Community).order_by(Community.name, Community.id)).all()]
    levels = [(lv.id, f"{prog.name} · {lv.name}") for lv, prog in db.exec(
        select(CardLevel, CardProgramme).join(CardProgramme, CardProgramme.id == CardLevel.programme_id)
        .where(CardLevel.active).order_by(CardProgramme.name, CardLevel.rank, CardLevel.id)).all()]
    shops = [(m.id, m.name) for m in db.exec(select(Merchant).where(Merchant.status == MerchantStatus.APPROVED)
                                             .order_by(Merchant.name, Merchant.id)).all()]
    return communities, levels, shops


def pickable_products(db: Session, actor: Actor, community_id: int) -> list[tuple[int, str, str]]:
    """(id, product, shop) a community's hand-picked home list may show: products for sale in the
    community's 10-minute circle, by shop then name."""
    from community_hub.marketplace.circle import circle_merchant_ids

    require_admin_permission(actor, AdminPermission.CONTENT)
    community = get_or_not_found(db, Community, community_id, phrase("community"))
    ids = circle_merchant_ids(db, community)
    if not ids:
        return []
    rows = db.exec(select(Product, Merchant).join(Merchant, Merchant.id == Product.merchant_id)
                   .where(Product.merchant_id.in_(ids), Product.available, Product.abnormal.is_(False), Product.live,
                          or_(Product.stock.is_(None), Product.stock > 0))
                   .order_by(Merchant.name, Product.name, Product.id).limit(MAX_PICKABLE)).all()
    return [(p.id, p.name, m.name) for p, m in rows]


MAX_FOUND = 20
MAX_QUERY = 60


def search_products(db: Session, actor: Actor, query: str) -> list[tuple[int, str, str]]:
    """(id, product, shop) a platform campaign may show, by name: approved (live) products of
    approved shops (none of a suspended one), at most MAX_FOUND, by name then shop. A blank query finds nothing."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    words = str(query or "").strip()[:MAX_QUERY]
    if not words:
        return []
    pattern = "%" + words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = db.exec(select(Product, Merchant).join(Merchant, Merchant.id == Product.merchant_id)
                   .where(func.lower(Product.name).like(pattern, escape="\\"), Product.live,
                          Merchant.status == MerchantStatus.APPROVED)
                   .order_by(Product.name, Merchant.name, Product.id).limit(MAX_FOUND)).all()
    return [(p.id, p.name, m.name) for p, m in rows]


def campaign_product_refusal(db: Session, product_ids: list[int]) -> int | None:
    """The first of `product_ids` a platform campaign may not show (not live, or its shop not
    approved), else None."""
    if not product_ids:
        return None
    ok = set(db.exec(select(Product.id).join(Merchant, Merchant.id == Product.merchant_id)
                     .where(Product.id.in_(product_ids), Product.live,
                            Merchant.status == MerchantStatus.APPROVED)).all())
    return next((i for i in product_ids if i not in ok), None)
