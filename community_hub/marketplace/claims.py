"""Reading the shop listings admins created from public information, for the claim screens.

Creating a listing, sending the claim code and confirming it live in merchant_applications; this
module only answers "which listings can be claimed" (any member) and "which were claimed, by whom"
(admins), a page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, or_, select

from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_user,
)
from community_hub.models import Merchant, User
from community_hub.models.catalog import MerchantClaim


@dataclass(frozen=True)
class ListingRow:
    id: int
    name: str
    category: str
    address: str
    # Where a claim code goes, masked like request_claim masks it: members see which public
    # contact will receive it, not the whole number/address copied into a form.
    contact: str
    # Admin view only (blank for members): who claimed it and when ("YYYY-MM-DD HH:MM UTC").
    claimed_by: str = ""
    claimed_at: str = ""


def _mask(destination: str) -> str:
    return destination[:3] + "***" + destination[-2:] if destination else ""


def _page(query, page: int, page_size: int):
    return query.offset((max(page, 1) - 1) * page_size).limit(page_size)


def unclaimed_listings(db: Session, actor: Actor, *, query: str = "", page: int = 1,
                       page_size: int = 20) -> tuple[list[ListingRow], int]:
    """Listings nobody has claimed yet (name A→Z), optionally matching `query` in the name or
    address, and how many there are in all. Any logged-in member may look."""
    require_user(actor)
    cond = Merchant.claimed.is_(False)
    if query.strip():
        like = f"%{query.strip().lower()}%"
        cond = cond & or_(func.lower(Merchant.name).like(like), func.lower(Merchant.address).like(like))
    total = db.exec(select(func.count()).select_from(Merchant).where(cond)).one()
    shops = db.exec(_page(select(Merchant).where(cond).order_by(Merchant.name, Merchant.id), page, page_size)).all()
    return [ListingRow(m.id, m.name, m.category, m.address, _mask(m.phone or m.contact_email)) for m in shops], total


def admin_listings(db: Session, actor: Actor, *, claimed: bool, page: int = 1,
                   page_size: int = 20) -> tuple[list[ListingRow], int]:
    """Admins: the unclaimed listings (newest first), or the listings that were claimed by code with
    the claimant and when (latest claim first); and how many there are in all."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    if not claimed:
        cond = Merchant.claimed.is_(False)
        total = db.exec(select(func.count()).select_from(Merchant).where(cond)).one()
        shops = db.exec(_page(select(Merchant).where(cond).order_by(Merchant.id.desc()), page, page_size)).all()
        return [ListingRow(m.id, m.name, m.category, m.address, _mask(m.phone or m.contact_email)) for m in shops], total
    done = MerchantClaim.confirmed_at.is_not(None)
    total = db.exec(select(func.count()).select_from(MerchantClaim).where(done)).one()
    rows = db.exec(_page(select(Merchant, MerchantClaim, User)
                         .join(MerchantClaim, MerchantClaim.merchant_id == Merchant.id)
                         .join(User, User.id == MerchantClaim.user_id)
                         .where(done).order_by(MerchantClaim.confirmed_at.desc(), MerchantClaim.id.desc()),
                         page, page_size)).all()
    return [ListingRow(m.id, m.name, m.category, m.address, _mask(c.destination), u.display_name,
                       c.confirmed_at.strftime("%Y-%m-%d %H:%M UTC")) for m, c, u in rows], total
