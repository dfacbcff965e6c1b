"""Demo data (`./hub seed`): idempotent, so running it twice changes nothing.

One community (Maple Court) with households and residents, 7 merchants inside the 10-minute walk
(one of them a Chinese grocer with Chinese product names) and 2 outside it, 12 products each, a
property company with staff, a lobby kiosk, a membership card programme (seed/membership.py:
Grace Obi holds a Silver card), and the demo accounts admin@, staff@, merchant@,
resident@ (and kiosk@) demo.hub with password demo-pass-1.
"""

from __future__ import annotations

import math

from sqlmodel import Session, select

from community_hub.accounts.passwords import hash_password
from community_hub.core.permissions import AdminPermission
from community_hub.marketplace.catalog.barcodes import with_check_digit
from community_hub.models import (
    Community,
    Household,
    HouseholdMember,
    KioskDevice,
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
from community_hub.seed.common import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "is_empty", "seed"]

CENTER = (40.7411, -73.9897)  # Maple Court

# (slug, name, category, metres east, metres north): the first seven are within 800 m (10 minutes at
# 80 m/min), the last two are a long walk away and must never appear in the circle.
MERCHANTS = [
    ("corner-grocer", "Corner Grocer", "grocery", 150, 80),
    ("maple-bakery", "Maple Bakery", "bakery", -220, 140),
    ("green-cross-pharmacy", "Green Cross Pharmacy", "pharmacy", 320, -260),
    ("fresh-press-laundry", "Fresh Press Laundry", "laundry", -410, -300),
    ("bean-there-cafe", "Bean There Café", "cafe", 90, 520),
    ("fix-it-hardware", "Fix-It Hardware", "hardware", -560, 310),
    # A Chinese grocer ("Good Neighbour Market"): Chinese names to search in 中文 (models/cjk_grams.py).
    ("hao-linju-market", "好邻居超市", "grocery", -120, -480),
    ("harbour-florist", "Harbour Florist", "florist", 2400, 1900),
    ("uptown-noodles", "Uptown Noodles", "restaurant", -3100, 2600),
]

PRODUCTS = {
    "grocery": ["Whole milk 1 L", "Free-range eggs (12)", "Sourdough loaf", "Bananas (1 kg)", "Tomatoes (500 g)",
                "Basmati rice 2 kg", "Olive oil 750 ml", "Cheddar 250 g", "Greek yoghurt", "Apples (1 kg)",
                "Pasta 500 g", "Orange juice 1 L"],
    "bakery": ["Croissant", "Pain au chocolat", "Baguette", "Rye bread", "Cinnamon roll", "Blueberry muffin",
               "Lemon tart", "Carrot cake slice", "Focaccia", "Bagel (4)", "Brioche", "Birthday cake (order)"],
    "pharmacy": ["Paracetamol 500 mg (16)", "Plasters (40)", "Hand sanitiser", "Vitamin D", "Sunscreen SPF 50",
                 "Thermometer", "Cough syrup", "Allergy tablets", "Face masks (10)", "Toothpaste",
                 "Lip balm", "Blood pressure check (service)"],
    "laundry": ["Shirt wash & press", "Duvet clean", "Suit dry-clean", "Wash & fold 5 kg", "Curtain clean",
                "Alterations: hem", "Stain removal", "Wool coat clean", "Bed linen set", "Express 24 h",
                "Shoe shine", "Pick-up & delivery"],
    "cafe": ["Flat white", "Cappuccino", "Espresso", "Iced latte", "Chai latte", "Hot chocolate",
             "Avocado toast", "Granola bowl", "Ham & cheese toastie", "Banana bread", "Coffee beans 250 g",
             "Oat milk latte"],
    "hardware": ["Light bulb LED E27", "Extension lead 4-way", "Screwdriver set", "Duct tape", "AA batteries (8)",
                 "Picture hooks", "Door stop", "Key cutting (service)", "Bin bags (20)", "Wall plugs",
                 "Paint roller", "Handyman hour (service)"],
    "florist": ["Rose bouquet", "Tulips (10)", "Orchid pot", "Succulent", "Wreath", "Sunflowers (5)", "Lilies",
                "Gift box", "Peace lily", "Herb pot", "Ferns", "Wedding posy"],
    "restaurant": ["Pad thai", "Ramen", "Dumplings (8)", "Fried rice", "Spring rolls", "Green curry", "Pho",
                   "Bao buns", "Miso soup", "Mochi", "Bubble tea", "Udon"],
}

# A shop's own products and description, where its category's list does not fit it.
SHOP_PRODUCTS = {
    "hao-linju-market": ["有机全脂牛奶 1 升", "散养土鸡蛋 (12 枚)", "东北大米 5 公斤", "手工猪肉白菜水饺 (20 只)",
                         "嫩豆腐 400 克", "西湖龙井绿茶 100 克", "新鲜草莓 500 克", "原味酸奶 (4 杯)",
                         "红烧牛肉面 (5 包)", "干香菇 250 克", "五香花生 300 克", "葱油饼 (4 张)"],
}
SHOP_DESCRIPTIONS = {
    "hao-linju-market": "社区生鲜超市：牛奶、鸡蛋、大米、蔬菜和手工水饺，从小区步行几分钟就到。",
}

ACCOUNTS = [
    # email, name, roles
    ("admin@demo.hub", "Ada Admin", [Role.PLATFORM_ADMIN]),
    ("staff@demo.hub", "Sam Staff", [Role.PROPERTY_STAFF]),
    ("merchant@demo.hub", "Mona Merchant", [Role.MERCHANT]),
    ("resident@demo.hub", "Riley Resident", [Role.RESIDENT]),
    ("kiosk@demo.hub", "Lobby kiosk", [Role.KIOSK]),
]
NEIGHBOURS = [("noor@demo.hub", "Noor Neighbour", "A", "101"), ("li@demo.hub", "Li Wei", "A", "102"),
              ("omar@demo.hub", "Omar Haddad", "C", "301"), ("grace@demo.hub", "Grace Obi", "C", "302")]


def offset(lat: float, lon: float, east_m: float, north_m: float) -> tuple[float, float]:
    return (lat + north_m / 111_320, lon + east_m / (111_320 * math.cos(math.radians(lat))))


def _get_or_add(db: Session, model, where: dict, **values):
    stmt = select(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    row = db.exec(stmt).first()
    if row is None:
        row = model(**where, **values)
        db.add(row)
        db.flush()
    return row


def seed(db: Session) -> dict[str, int]:
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once: argon2 is slow on purpose
    company = _get_or_add(db, PropertyCompany, {"name": "Maple Property Co."})
    community = _get_or_add(db, Community, {"slug": "maple-court"}, name="Maple Court",
                            address="1 Maple Court", lat=CENTER[0], lon=CENTER[1], property_company_id=company.id)
    if community.time_zone == "UTC":  # still the default: give it its real zone; a chosen one is kept
        community.time_zone = "America/New_York"
    households = {}
    for building, floor in (("A", 1), ("B", 2), ("C", 3)):
        for n in range(1, 5):
            unit = f"{floor}0{n}"
            households[(building, unit)] = _get_or_add(db, Household, {"community_id": community.id, "building": building,
                                                                       "unit": unit}, area_m2=60 + 10 * n)
    merchants = []
    for slug, name, category, east, north in MERCHANTS:
        lat, lon = offset(*CENTER, east, north)
        m = _get_or_add(db, Merchant, {"slug": slug}, name=name, category=category, lat=lat, lon=lon,
                        address=f"{abs(east)} m {'east' if east >= 0 else 'west'} of Maple Court",
                        status=MerchantStatus.APPROVED, delivery_fee_minor=300, min_order_minor=1000,
                        description=SHOP_DESCRIPTIONS.get(slug, ""),
                        trusted=True)  # the demo shops are known: their edits go live without review
        if m.timezone == "UTC":  # the default: its hours are read where the shop is (a chosen zone is kept)
            m.timezone = community.time_zone
        merchants.append(m)
        if db.exec(select(Product).where(Product.merchant_id == m.id)).first() is None:
            for i, pname in enumerate(SHOP_PRODUCTS.get(slug) or PRODUCTS[category]):
                service = "(service)" in pname
                db.add(Product(merchant_id=m.id, name=pname, price_minor=250 + 75 * i,
                               compare_at_minor=(250 + 75 * i) + 100 if i % 4 == 0 else None,
                               stock=None if service else 5 + (i * 7) % 30,
                               barcode=with_check_digit(f"200{m.id:04d}{i:05d}")))  # a valid EAN-13
    users = {}
    for email, name, roles in ACCOUNTS:
        u = _get_or_add(db, User, {"email": email}, display_name=name, password_hash=password_hash,
                        status=UserStatus.ACTIVE, verified_at=utcnow())
        users[email] = u
        for role in roles:
            scope = {"community_id": community.id} if role in (Role.PROPERTY_STAFF, Role.RESIDENT) else {}
            if role == Role.MERCHANT:
                scope = {"merchant_id": merchants[0].id}
            _get_or_add(db, UserRole, {"user_id": u.id, "role": role, **scope})
            if role == Role.PLATFORM_ADMIN:  # the demo's admin holds every back-office role
                _get_or_add(db, AdminSubRole, {"user_id": u.id, "permission": AdminPermission.SUPER})
    _get_or_add(db, HouseholdMember, {"household_id": households[("B", "204")].id, "user_id": users["resident@demo.hub"].id},
                relation="owner")
    for email, name, building, unit in NEIGHBOURS:
        u = _get_or_add(db, User, {"email": email}, display_name=name, password_hash=password_hash,
                        status=UserStatus.ACTIVE, verified_at=utcnow())
        _get_or_add(db, UserRole, {"user_id": u.id, "role": Role.RESIDENT, "community_id": community.id})
        _get_or_add(db, HouseholdMember, {"household_id": households[(building, unit)].id, "user_id": u.id})
    _get_or_add(db, KioskDevice, {"code": "lobby-1"}, name="Lobby kiosk", community_id=community.id,
                user_id=users["kiosk@demo.hub"].id)
    db.flush()
    # Each area adds its own demo data (idempotent too); imported here so a missing area is obvious.
    from community_hub.seed.kiosk import seed_kiosk
    from community_hub.seed.marketplace import seed_marketplace
    from community_hub.seed.membership import seed_membership
    from community_hub.seed.property import seed_property
    from community_hub.seed.public_site import seed_public_site

    seed_marketplace(db, community, merchants)
    seed_property(db, community, users["staff@demo.hub"])
    seed_public_site(db, community, users["staff@demo.hub"])
    seed_kiosk(db, community)
    _seed_points(db, users["admin@demo.hub"], merchants)
    seed_membership(db, users["admin@demo.hub"])
    return {"communities": 1, "households": len(households), "merchants": len(merchants)}


def _seed_points(db: Session, admin: User, merchants: list[Merchant]) -> None:
    """Corner Grocer starts with 500 points (an opening promotion) to try points-priced ad slots."""
    from community_hub.core.permissions import load_actor
    from community_hub.models.ledger import AccountKind
    from community_hub.payments import ledger, points

    shop = next((m for m in merchants if m.name == "Corner Grocer"), None)
    owner = f"merchant:{shop.id}" if shop else ""
    if shop and ledger.find_account(db, AccountKind.POINTS_HELD, owner, points.POINTS) is None:
        points.grant(db, load_actor(db, admin), owner, 500, "Opening promotion")


def is_empty(db: Session) -> bool:
    return db.exec(select(User.id)).first() is None
