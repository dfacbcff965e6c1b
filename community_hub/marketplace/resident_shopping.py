"""Reads the resident's shopping screens need that take the resident (not a community) as input:
the circle, search and home feed of the resident's own community, and their review of an order."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.permissions import Actor, require_user
from community_hub.marketplace import catalog, circle, search
from community_hub.models import Community
from community_hub.models.orders import Order
from community_hub.models.reviews import Review


def my_community(db: Session, actor: Actor) -> Community:
    """The community whose business circle the resident shops in."""
    require_user(actor)
    community = db.get(Community, actor.community_id) if actor.community_id else None
    if community is None:
        raise ServiceError("You are not linked to a community yet: ask your property office to add you.")
    return community


def my_circle(db: Session, actor: Actor, category: str | None = None) -> list[circle.CircleMerchant]:
    """Shops within the walking circle of the resident's community, nearest first."""
    return circle.merchants_in_circle(db, my_community(db, actor), category or None)


def my_search(db: Session, actor: Actor, q: str = "", **filters) -> search.SearchPage:
    """search.search over the resident's own circle (same filters and paging)."""
    return search.search(db, my_community(db, actor), q, **filters)


def my_home_feed(db: Session, actor: Actor) -> catalog.HomeFeed:
    return catalog.home_feed(db, my_community(db, actor))


def my_review(db: Session, actor: Actor, order_id: int) -> Review | None:
    """The resident's review of their order, if written (the page then shows it, not the form)."""
    require_user(actor)
    order = db.get(Order, order_id)
    if order is None or order.user_id != actor.user_id:
        raise NotFound("order")
    return db.exec(select(Review).where(Review.order_id == order.id)).first()


def my_orders_with_shops(db: Session, actor: Actor, limit: int = 50) -> list[tuple[Order, str]]:
    """The resident's orders, newest first, each with its shop's name (the orders list)."""
    from community_hub.marketplace.orders import my_orders
    from community_hub.models import Merchant

    mine = my_orders(db, actor, limit)
    ids = {o.merchant_id for o in mine}
    names = {m.id: m.name for m in db.exec(select(Merchant).where(Merchant.id.in_(ids)))} if ids else {}
    return [(o, names.get(o.merchant_id, "")) for o in mine]
