"""Residents' favourite products and shops."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam
from sqlmodel import Session, select

from community_hub.core import prebuilt
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    require_user,
)
from community_hub.models import Merchant, Product
from community_hub.models.catalog import (
    Favourite,
)


def toggle_favourite(db: Session, actor: Actor, *, product_id: int | None = None, merchant_id: int | None = None) -> bool:
    """Save or unsave a product or a shop; returns True when it is now a favourite."""
    require_user(actor)
    if (product_id is None) == (merchant_id is None):
        raise ServiceError(phrase("Choose a product or a shop to save."))
    if product_id is not None and db.get(Product, product_id) is None:
        raise NotFound(phrase("product"))
    if merchant_id is not None and db.get(Merchant, merchant_id) is None:
        raise NotFound(phrase("shop"))
    q = select(Favourite).where(Favourite.user_id == actor.user_id)
    q = q.where(Favourite.product_id == product_id) if product_id else q.where(Favourite.merchant_id == merchant_id)
    existing = db.exec(q).first()
    if existing:
        db.delete(existing)
        return False
    db.add(Favourite(user_id=actor.user_id, product_id=product_id, merchant_id=merchant_id))
    db.flush()
    return True


@dataclass
class Favourites:
    products: list[Product]
    merchants: list[Merchant]


# Built once (core/prebuilt.py): the shop and search pages read it on every open.
_MINE = (select(Favourite.product_id, Favourite.merchant_id).where(Favourite.user_id == bindparam("user_id"))
         .order_by(Favourite.created_at.desc()))


def favourite_ids(db: Session, actor: Actor) -> tuple[list[int], list[int]]:
    """The ids of the resident's favourite products and shops, newest first: what a card's heart
    needs on every shopping page, in one read of two columns (`list_favourites` reads the rows)."""
    require_user(actor)
    favs = prebuilt.rows(db, _MINE, user_id=actor.user_id)
    return [product_id for product_id, _m in favs if product_id], [merchant_id for _p, merchant_id in favs if merchant_id]


def list_favourites(db: Session, actor: Actor) -> Favourites:
    pids, mids = favourite_ids(db, actor)
    return Favourites(
        products=list(db.exec(select(Product).where(Product.id.in_(pids)))) if pids else [],
        merchants=list(db.exec(select(Merchant).where(Merchant.id.in_(mids)))) if mids else [],
    )
