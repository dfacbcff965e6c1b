"""The platform admins' list of every shop's products, with the abnormal ones flagged."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models import Merchant, Product


@dataclass(frozen=True)
class AdminProductRow:
    product: Product
    merchant_name: str


def admin_products(db: Session, actor: Actor, *, query: str = "", flagged_only: bool = False,
                   page: int = 1, page_size: int = 20) -> tuple[list[AdminProductRow], int]:
    """Every shop's products for moderation (flagged first when asked), one page, and the total."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    q = select(Product, Merchant.name).join(Merchant, Merchant.id == Product.merchant_id)
    count = select(func.count()).select_from(Product).join(Merchant, Merchant.id == Product.merchant_id)
    conds = []
    if query.strip():
        like = f"%{query.strip().lower()}%"
        conds.append(or_(func.lower(Product.name).like(like), func.lower(Merchant.name).like(like)))
    if flagged_only:
        conds.append(Product.abnormal.is_(True))
    for c in conds:
        q, count = q.where(c), count.where(c)
    total = int(db.exec(count).one())
    rows = db.exec(q.order_by(Product.abnormal.desc(), Product.id).offset((max(page, 1) - 1) * page_size)
                   .limit(page_size)).all()
    return [AdminProductRow(p, name) for p, name in rows], total
