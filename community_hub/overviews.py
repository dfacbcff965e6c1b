"""What each role's home page shows first: small read-only summaries, permission-checked."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from community_hub.core import prebuilt
from community_hub.core.errors import NotFound
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_role,
    require_staff_of,
    require_user,
)
from community_hub.marketplace import listing
from community_hub.models import (
    Community,
    Household,
    HouseholdMember,
    Merchant,
    OutboxMessage,
    OutboxStatus,
    Product,
    Role,
    User,
    UserRole,
    UserStatus,
)


def _count(db: Session, stmt) -> int:
    return db.exec(stmt).one()


@dataclass
class AdminOverview:
    members: int
    disabled: int
    pending: int
    merchants: int
    communities: int
    outbox_pending: int
    outbox_failed: int


def admin_overview(db: Session, actor: Actor) -> AdminOverview:
    require_admin_permission(actor, AdminPermission.ANY_ADMIN)
    by_status = dict(db.exec(select(User.status, func.count()).group_by(User.status)).all())
    by_outbox = dict(db.exec(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return AdminOverview(
        members=sum(by_status.values()),
        disabled=by_status.get(UserStatus.DISABLED, 0),
        pending=by_status.get(UserStatus.PENDING, 0),
        merchants=_count(db, select(func.count()).select_from(Merchant)),
        communities=_count(db, select(func.count()).select_from(Community)),
        outbox_pending=by_outbox.get(OutboxStatus.PENDING, 0) + by_outbox.get(OutboxStatus.SENDING, 0),
        outbox_failed=by_outbox.get(OutboxStatus.FAILED, 0),
    )


@dataclass
class PropertyOverview:
    community: str
    households: int
    residents: int


def property_overview(db: Session, actor: Actor, community_id: int | None = None) -> PropertyOverview:
    require_role(actor, Role.PROPERTY_STAFF)
    community_id = community_id or actor.community_id or next(iter(actor.staff_community_ids), None)
    if community_id is None:
        community_id = db.exec(select(Community.id).order_by(Community.id)).first()
    if community_id is None:
        raise NotFound("community")
    require_staff_of(actor, community_id)
    community = db.get(Community, community_id)
    households = _count(db, select(func.count()).select_from(Household).where(Household.community_id == community_id))
    residents = _count(
        db,
        select(func.count(func.distinct(UserRole.user_id))).where(
            UserRole.role == Role.RESIDENT, UserRole.community_id == community_id
        ),
    )
    return PropertyOverview(community=community.name, households=households, residents=residents)


@dataclass
class ShopSummary:
    id: int
    name: str
    category: str
    status: str
    products: int
    low_stock: int
    listed: bool = True  # residents see it (marketplace.listing: approved, something for sale)
    listing_hint: str = ""  # why not, and what to do (marketplace.listing.hint), when not listed


def merchant_overview(db: Session, actor: Actor) -> list[ShopSummary]:
    require_role(actor, Role.MERCHANT)
    ids = sorted(actor.merchant_ids)
    if not ids:
        return []
    shops = db.exec(select(Merchant).where(Merchant.id.in_(ids)).order_by(Merchant.name)).all()
    out = []
    for m in shops:
        total = _count(db, select(func.count()).select_from(Product).where(Product.merchant_id == m.id))
        low = _count(db, select(func.count()).select_from(Product).where(
            Product.merchant_id == m.id, Product.stock.is_not(None), Product.stock <= 3))
        listed = listing.is_listed(db, m)
        out.append(ShopSummary(m.id, m.name, m.category, m.status, total, low, listed,
                               "" if listed else listing.hint(db, m)))
    return out


@dataclass
class ResidentHome:
    community: str
    household: str
    neighbours: int
    tips: list[str] = field(default_factory=list)


def resident_home(db: Session, actor: Actor) -> ResidentHome:
    require_user(actor)
    community = prebuilt.scalar(db, _COMMUNITY_NAME, community_id=actor.community_id) if actor.community_id else None
    household = prebuilt.rows(db, _HOUSEHOLD, household_id=actor.household_id) if actor.household_id else []
    building, unit, members = household[0] if household else ("", "", 0)
    return ResidentHome(
        community=community or "",
        household=f"{building}-{unit}" if household else "",
        neighbours=max(members - 1, 0),
    )


# The resident's home page reads these on every open: built once (core/prebuilt.py).
_COMMUNITY_NAME = select(Community.name).where(Community.id == bindparam("community_id"))
_HOUSEHOLD = select(Household.building, Household.unit,
                    select(func.count()).select_from(HouseholdMember)
                    .where(HouseholdMember.household_id == Household.id).scalar_subquery()
                    ).where(Household.id == bindparam("household_id"))
