"""Small builders for test data. They write through the models only; rules live in services."""

from __future__ import annotations

import itertools

from sqlmodel import Session, select

from community_hub.accounts.passwords import hash_password
from community_hub.core.permissions import Actor, AdminPermission, load_actor
from community_hub.models import (
    Community,
    Household,
    HouseholdMember,
    Merchant,
    MerchantStatus,
    Product,
    PropertyCompany,
    Role,
    User,
    UserRole,
    UserStatus,
)
from community_hub.models.admin_roles import AdminSubRole
from community_hub.models.base import utcnow

_seq = itertools.count(1)
PASSWORD = "test-pass-123"
_HASH = hash_password(PASSWORD)  # hashing once keeps the suite fast


def community(db: Session, slug: str | None = None, lat: float = 40.0, lon: float = -75.0) -> Community:
    n = next(_seq)
    company = PropertyCompany(name=f"Property Co {n}")
    db.add(company)
    db.flush()
    c = Community(slug=slug or f"c{n}", name=f"Community {n}", lat=lat, lon=lon, property_company_id=company.id)
    db.add(c)
    db.flush()
    return c


def household(db: Session, community_id: int, building: str = "A", unit: str | None = None) -> Household:
    h = Household(community_id=community_id, building=building, unit=unit or str(100 + next(_seq)), area_m2=80)
    db.add(h)
    db.flush()
    return h


def user(
    db: Session,
    *roles: str,
    email: str | None = None,
    community_id: int | None = None,
    merchant_id: int | None = None,
    household_id: int | None = None,
    status: str = UserStatus.ACTIVE,
) -> User:
    n = next(_seq)
    u = User(email=email or f"user{n}@example.test", display_name=f"User {n}", password_hash=_HASH,
             status=status, verified_at=utcnow())
    db.add(u)
    db.flush()
    for role in roles or (Role.RESIDENT,):
        db.add(UserRole(
            user_id=u.id, role=role,
            community_id=community_id if role in (Role.RESIDENT, Role.PROPERTY_STAFF) else None,
            merchant_id=merchant_id if role == Role.MERCHANT else None,
        ))
    if household_id:
        db.add(HouseholdMember(household_id=household_id, user_id=u.id))
    if Role.PLATFORM_ADMIN in roles:  # a test's admin holds every back-office role unless it says
        db.add(AdminSubRole(user_id=u.id, permission=AdminPermission.SUPER))  # otherwise (sub_roles)
    db.flush()
    return u


def sub_roles(db: Session, u: User, *permissions: str) -> Actor:
    """An admin holding exactly these back-office sub-roles (none: an admin with no sub-role)."""
    for row in db.exec(select(AdminSubRole).where(AdminSubRole.user_id == u.id)).all():
        db.delete(row)
    db.flush()
    for p in permissions:
        db.add(AdminSubRole(user_id=u.id, permission=p))
    db.flush()
    return load_actor(db, u)


def merchant(db: Session, *, lat: float = 40.0, lon: float = -75.0, category: str = "grocery",
             status: str = MerchantStatus.APPROVED, trusted: bool = True) -> Merchant:
    """A shop; trusted by default, so its products go live without review (tests of review pass False)."""
    n = next(_seq)
    m = Merchant(slug=f"shop-{n}", name=f"Shop {n}", category=category, lat=lat, lon=lon, status=status,
                 trusted=trusted)
    db.add(m)
    db.flush()
    return m


def product(db: Session, merchant_id: int, *, price_minor: int = 500, stock: int | None = 10) -> Product:
    n = next(_seq)
    p = Product(merchant_id=merchant_id, name=f"Product {n}", price_minor=price_minor, stock=stock)
    db.add(p)
    db.flush()
    return p


def actor(db: Session, u: User) -> Actor:
    return load_actor(db, u)


def change(db: Session, model, ident: int, **fields):
    """Set fields of an existing row (the setting a test needs, e.g. stock left or a minimum order)."""
    row = db.get(model, ident)
    for name, value in fields.items():
        setattr(row, name, value)
    db.add(row)
    db.flush()
    return row
