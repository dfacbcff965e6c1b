"""The merchant's catalog and shop page: products, options, sections, stock, visibility, the
platform category tree, admin flags, CSV import/export, favourites and the residents' home feed.

Every write checks that the actor owns the merchant (or is a platform admin); reads for residents
show only what is for sale: available, not flagged abnormal, from an approved merchant.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import or_
from sqlmodel import Session, select

from community_hub.core.csv_export import amount_cell, read_cell, to_csv
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.permissions import (
    Actor,
    require_admin,
    require_merchant_of,
    require_user,
)
from community_hub.marketplace.opening_hours import is_open_now
from community_hub.models import AuditEntry, Community, Merchant, MerchantStatus, Product
from community_hub.models.base import utcnow
from community_hub.models.catalog import (
    Category,
    Favourite,
    MerchantHours,
    MerchantSection,
    ProductOption,
)

NEW_DAYS = 14  # a product is "new" for two weeks after it is listed
HOT_SOLD_MIN = 20  # units sold that make a product "hot"
MAX_PHOTOS = 8
CSV_COLUMNS = ["sku", "name", "description", "price", "compare_at_price", "stock", "category",
               "section", "available", "recommended"]
MAX_CSV_ROWS = 5000


class CsvImportError(ServiceError):
    """The import was refused as a whole; `errors` has one readable line per bad row."""

    def __init__(self, errors: list[str]):
        shown = "; ".join(errors[:10]) + (f"; and {len(errors) - 10} more" if len(errors) > 10 else "")
        super().__init__(f"Nothing was imported. Fix these rows and try again: {shown}", code="csv_errors")
        self.errors = errors


@dataclass(frozen=True)
class ProductFlags:
    new: bool
    hot: bool
    recommended: bool
    discount_pct: int  # 0 when there is no compare-at price above the price


# ---------------------------------------------------------------- helpers


def merchant_or_404(db: Session, merchant_id: int, lock: bool = False) -> Merchant:
    """The shop, optionally row-locked; a readable NotFound if there is none."""
    m = db.get(Merchant, merchant_id, with_for_update=lock)
    if m is None:
        raise NotFound("shop")
    return m


def _own_product(db: Session, actor: Actor, product_id: int) -> Product:
    require_user(actor)
    p = db.get(Product, product_id, with_for_update=True)
    if p is None:
        raise NotFound("product")
    require_merchant_of(actor, p.merchant_id)
    return p


def _check_price(price_minor: int | None, compare_at_minor: int | None) -> None:
    if price_minor is not None and price_minor < 0:
        raise ServiceError("A price cannot be negative.")
    if compare_at_minor is not None and price_minor is not None and compare_at_minor <= price_minor:
        raise ServiceError("The compare-at price must be higher than the price (it shows the discount).")


def _check_stock(stock: int | None) -> None:
    if stock is not None and stock < 0:
        raise ServiceError("Stock cannot be negative; leave it empty for unlimited (services).")


def _check_section(db: Session, merchant_id: int, section_id: int | None) -> None:
    if section_id is not None:
        s = db.get(MerchantSection, section_id)
        if s is None or s.merchant_id != merchant_id:
            raise ServiceError("That section is not one of this shop's sections.")


def _check_category(db: Session, category_id: int | None) -> None:
    if category_id is not None and db.get(Category, category_id) is None:
        raise ServiceError("That category does not exist.")


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
    return product.available and not product.abnormal and merchant.status == MerchantStatus.APPROVED


# ---------------------------------------------------------------- products


def create_product(
    db: Session, actor: Actor, merchant_id: int, *, name: str, price_minor: int,
    description: str = "", compare_at_minor: int | None = None, stock: int | None = None,
    category_id: int | None = None, section_id: int | None = None, sku: str | None = None,
    photos: list[str] | None = None, recommended: bool = False, available: bool = True,
) -> Product:
    """A merchant adds a product or service (stock None = unlimited)."""
    require_merchant_of(actor, merchant_id)
    merchant = merchant_or_404(db, merchant_id)
    name = name.strip()
    if not name:
        raise ServiceError("Enter the product's name.")
    _check_price(price_minor, compare_at_minor)
    _check_stock(stock)
    _check_section(db, merchant_id, section_id)
    _check_category(db, category_id)
    if photos and len(photos) > MAX_PHOTOS:
        raise ServiceError(f"At most {MAX_PHOTOS} photos per product.")
    sku = (sku or "").strip() or None
    if sku and db.exec(select(Product.id).where(Product.merchant_id == merchant_id, Product.sku == sku)).first():
        raise ServiceError(f"Another product of this shop already has the SKU {sku}.")
    p = Product(
        merchant_id=merchant_id, name=name[:160], description=description, price_minor=price_minor,
        compare_at_minor=compare_at_minor, currency=merchant.currency, stock=stock,
        category_id=category_id, section_id=section_id, sku=sku, photos=list(photos or []),
        recommended=recommended, available=available,
    )
    db.add(p)
    db.flush()
    return p


EDITABLE = {"name", "description", "price_minor", "compare_at_minor", "category_id", "section_id",
            "photos", "recommended", "pinned", "low_stock_threshold", "sku"}


def update_product(db: Session, actor: Actor, product_id: int, **changes) -> Product:
    """A merchant edits its own product; unknown fields are refused, values are checked."""
    p = _own_product(db, actor, product_id)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ServiceError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    if "name" in changes and not str(changes["name"]).strip():
        raise ServiceError("Enter the product's name.")
    _check_price(changes.get("price_minor", p.price_minor), changes.get("compare_at_minor", p.compare_at_minor))
    if "section_id" in changes:
        _check_section(db, p.merchant_id, changes["section_id"])
    if "category_id" in changes:
        _check_category(db, changes["category_id"])
    if "photos" in changes and len(changes["photos"] or []) > MAX_PHOTOS:
        raise ServiceError(f"At most {MAX_PHOTOS} photos per product.")
    for k, v in changes.items():
        setattr(p, k, list(v or []) if k == "photos" else v)
    p.updated_at = utcnow()
    db.add(p)
    return p


def set_stock(db: Session, actor: Actor, product_id: int, stock: int | None) -> Product:
    """Set the count on hand (None = unlimited)."""
    p = _own_product(db, actor, product_id)
    _check_stock(stock)
    p.stock = stock
    p.updated_at = utcnow()
    db.add(p)
    return p


def set_available(db: Session, actor: Actor, product_id: int, available: bool) -> Product:
    """Show (True) or hide (False) a product in the shop."""
    p = _own_product(db, actor, product_id)
    p.available = available
    p.updated_at = utcnow()
    db.add(p)
    return p


def flag_abnormal(db: Session, actor: Actor, product_id: int, reason: str) -> Product:
    """An admin hides a product that breaks the rules until it is fixed; the merchant sees why."""
    require_admin(actor)
    p = db.get(Product, product_id, with_for_update=True)
    if p is None:
        raise NotFound("product")
    if not reason.strip():
        raise ServiceError("Say what is wrong with the product, so the merchant can fix it.")
    p.abnormal, p.abnormal_reason = True, reason.strip()
    db.add(p)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="product.flag_abnormal",
                      subject=f"product:{p.id}", detail=reason.strip()))
    return p


def clear_abnormal(db: Session, actor: Actor, product_id: int) -> Product:
    """An admin lifts the flag once the merchant has fixed the product."""
    require_admin(actor)
    p = db.get(Product, product_id, with_for_update=True)
    if p is None:
        raise NotFound("product")
    p.abnormal, p.abnormal_reason = False, ""
    db.add(p)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="product.clear_abnormal", subject=f"product:{p.id}"))
    return p


def add_product_photo(db: Session, actor: Actor, product_id: int, data: bytes, filename: str) -> Product:
    """Upload a photo (PNG, JPEG or WebP by content, at most 5 MB) and append it to the product."""
    from community_hub.core.uploads import store_public_image

    p = _own_product(db, actor, product_id)
    if len(p.photos) >= MAX_PHOTOS:
        raise ServiceError(f"At most {MAX_PHOTOS} photos per product.")
    stored = store_public_image(data, filename)
    p.photos = [*p.photos, stored.path]  # a new list, so the JSON column is seen as changed
    p.updated_at = utcnow()
    db.add(p)
    return p


def add_option(db: Session, actor: Actor, product_id: int, group: str, value: str, price_delta_minor: int = 0) -> ProductOption:
    """A choice on a product, e.g. group "Size", value "Large", +1.50."""
    p = _own_product(db, actor, product_id)
    if not group.strip() or not value.strip():
        raise ServiceError("An option needs a group (e.g. Size) and a value (e.g. Large).")
    if p.price_minor + price_delta_minor < 0:
        raise ServiceError("An option cannot make the price negative.")
    o = ProductOption(product_id=p.id, group=group.strip(), value=value.strip(), price_delta_minor=price_delta_minor)
    db.add(o)
    db.flush()
    return o


def product_options(db: Session, product_id: int) -> list[ProductOption]:
    return list(db.exec(select(ProductOption).where(ProductOption.product_id == product_id).order_by(ProductOption.id)))


def low_stock(db: Session, actor: Actor, merchant_id: int) -> list[Product]:
    """The merchant's counted products at or below their low-stock threshold, emptiest first."""
    require_merchant_of(actor, merchant_id)
    rows = db.exec(select(Product).where(
        Product.merchant_id == merchant_id, Product.stock.is_not(None),
        Product.stock <= Product.low_stock_threshold,
    ).order_by(Product.stock, Product.name))
    return list(rows)


def merchant_products(db: Session, actor: Actor, merchant_id: int) -> list[Product]:
    """All of a merchant's products, hidden and flagged included (the dashboard list)."""
    require_merchant_of(actor, merchant_id)
    return list(db.exec(select(Product).where(Product.merchant_id == merchant_id).order_by(Product.name)))


# ---------------------------------------------------------------- sections and categories


def create_section(db: Session, actor: Actor, merchant_id: int, name: str, sort: int = 0) -> MerchantSection:
    require_merchant_of(actor, merchant_id)
    name = name.strip()
    if not name:
        raise ServiceError("Enter the section's name.")
    if db.exec(select(MerchantSection).where(MerchantSection.merchant_id == merchant_id, MerchantSection.name == name)).first():
        raise ServiceError(f"This shop already has a section called {name}.")
    s = MerchantSection(merchant_id=merchant_id, name=name[:60], sort=sort)
    db.add(s)
    db.flush()
    return s


def create_category(db: Session, actor: Actor, slug: str, name: str, parent_id: int | None = None, sort: int = 0) -> Category:
    """Admins keep the platform-wide category tree."""
    require_admin(actor)
    slug = slug.strip().lower()
    if not slug or not name.strip():
        raise ServiceError("A category needs a slug and a name.")
    if db.exec(select(Category).where(Category.slug == slug)).first():
        raise ServiceError(f"The category {slug} already exists.")
    if parent_id is not None and db.get(Category, parent_id) is None:
        raise ServiceError("The parent category does not exist.")
    c = Category(slug=slug, name=name.strip(), parent_id=parent_id, sort=sort)
    db.add(c)
    db.flush()
    return c


@dataclass
class CategoryNode:
    id: int
    slug: str
    name: str
    children: list[CategoryNode] = field(default_factory=list)


def category_tree(db: Session) -> list[CategoryNode]:
    rows = list(db.exec(select(Category).order_by(Category.sort, Category.name)))
    nodes = {c.id: CategoryNode(c.id, c.slug, c.name) for c in rows}
    roots = []
    for c in rows:
        (nodes[c.parent_id].children if c.parent_id in nodes else roots).append(nodes[c.id])
    return roots


def category_subtree_ids(db: Session, slug: str) -> list[int]:
    """The category with this slug and all its descendants (a filter on a parent covers its children)."""
    rows = list(db.exec(select(Category.id, Category.slug, Category.parent_id)))
    start = next((r[0] for r in rows if r[1] == slug), None)
    if start is None:
        return []
    children: dict[int | None, list[int]] = {}
    for cid, _s, parent in rows:
        children.setdefault(parent, []).append(cid)
    out, todo = [], [start]
    while todo:
        cid = todo.pop()
        out.append(cid)
        todo.extend(children.get(cid, []))
    return out


# ---------------------------------------------------------------- CSV


def _money(text: str, what: str) -> int:
    try:
        d = Decimal(text.strip())
    except InvalidOperation as exc:
        raise ValueError(f"{what} {text!r} is not a number") from exc
    if d < 0:
        raise ValueError(f"{what} cannot be negative")
    if d != d.quantize(Decimal("0.01")):
        raise ValueError(f"{what} has more than 2 decimals")
    return int(d * 100)


def _bool(text: str, default: bool) -> bool:
    t = text.strip().lower()
    if t == "":
        return default
    if t in ("1", "yes", "true", "y"):
        return True
    if t in ("0", "no", "false", "n"):
        return False
    raise ValueError(f"{text!r} should be yes or no")


def export_csv(db: Session, actor: Actor, merchant_id: int) -> str:
    """The merchant's products as CSV (same columns the import reads; prices in major units)."""
    require_merchant_of(actor, merchant_id)
    cats = {c.id: c.slug for c in db.exec(select(Category))}
    secs = {s.id: s.name for s in db.exec(select(MerchantSection).where(MerchantSection.merchant_id == merchant_id))}
    rows = [[p.sku or "", p.name, p.description, amount_cell(p.price_minor, p.currency),
             amount_cell(p.compare_at_minor, p.currency),
             "" if p.stock is None else p.stock, cats.get(p.category_id, ""), secs.get(p.section_id, ""),
             "yes" if p.available else "no", "yes" if p.recommended else "no"]
            for p in db.exec(select(Product).where(Product.merchant_id == merchant_id).order_by(Product.id))]
    return to_csv(CSV_COLUMNS, rows)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def import_csv(db: Session, actor: Actor, merchant_id: int, text: str) -> ImportResult:
    """Create or update products from CSV, matched by SKU. All rows or none: any bad row refuses the
    whole file with one message per bad row ("Row 4: price 'abc' is not a number")."""
    require_merchant_of(actor, merchant_id)
    merchant = merchant_or_404(db, merchant_id)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"sku", "name", "price"} - set(reader.fieldnames or [])
    if missing:
        raise CsvImportError([f"the header must include {', '.join(sorted(missing))}"])
    cats = {c.slug: c.id for c in db.exec(select(Category))}
    secs = {s.name: s for s in db.exec(select(MerchantSection).where(MerchantSection.merchant_id == merchant_id))}
    existing = {p.sku: p for p in db.exec(select(Product).where(Product.merchant_id == merchant_id, Product.sku.is_not(None)))}
    errors: list[str] = []
    parsed: list[dict] = []
    seen: set[str] = set()
    for i, row in enumerate(reader, start=2):  # row 1 is the header
        row = {k: read_cell(v) for k, v in row.items() if k is not None}  # undo export's formula guard
        if i - 1 > MAX_CSV_ROWS:
            errors.append(f"more than {MAX_CSV_ROWS} rows; split the file")
            break
        row = {k: (v or "") for k, v in row.items() if k}
        try:
            sku = row["sku"].strip()
            if not sku:
                raise ValueError("sku is empty")
            if sku in seen:
                raise ValueError(f"sku {sku} appears twice in the file")
            seen.add(sku)
            name = row["name"].strip()
            if not name:
                raise ValueError("name is empty")
            price = _money(row["price"], "price")
            compare = _money(row["compare_at_price"], "compare_at_price") if row.get("compare_at_price", "").strip() else None
            if compare is not None and compare <= price:
                raise ValueError("compare_at_price must be higher than price")
            stock_t = row.get("stock", "").strip()
            if stock_t and not stock_t.lstrip("-").isdigit():
                raise ValueError(f"stock {stock_t!r} is not a whole number")
            stock = int(stock_t) if stock_t else None
            if stock is not None and stock < 0:
                raise ValueError("stock cannot be negative")
            cat_slug = row.get("category", "").strip()
            if cat_slug and cat_slug not in cats:
                raise ValueError(f"category {cat_slug!r} does not exist")
            parsed.append(dict(
                sku=sku, name=name[:160], description=row.get("description", ""), price_minor=price,
                compare_at_minor=compare, stock=stock, category_id=cats.get(cat_slug) if cat_slug else None,
                section=row.get("section", "").strip(),
                available=_bool(row.get("available", ""), True), recommended=_bool(row.get("recommended", ""), False),
            ))
        except ValueError as exc:
            errors.append(f"Row {i}: {exc}")
    if errors:
        raise CsvImportError(errors)
    created = updated = 0
    for data in parsed:
        sec_name = data.pop("section")
        section_id = None
        if sec_name:
            if sec_name not in secs:
                secs[sec_name] = MerchantSection(merchant_id=merchant_id, name=sec_name[:60])
                db.add(secs[sec_name])
                db.flush()
            section_id = secs[sec_name].id
        p = existing.get(data["sku"])
        if p is None:
            p = Product(merchant_id=merchant_id, currency=merchant.currency, section_id=section_id, **data)
            created += 1
        else:
            for k, v in data.items():
                setattr(p, k, v)
            p.section_id, p.updated_at = section_id, utcnow()
            updated += 1
        db.add(p)
    db.flush()
    return ImportResult(created, updated)


# ---------------------------------------------------------------- shop page


@dataclass
class ShopPage:
    merchant: Merchant
    open_now: bool
    seo_title: str
    seo_description: str
    hours: list[MerchantHours]
    sections: list[MerchantSection]
    products: list[Product]


def shop_page(db: Session, slug: str, now: datetime | None = None) -> ShopPage:
    """What /shop/{slug} shows: only approved shops, only products for sale."""
    m = db.exec(select(Merchant).where(Merchant.slug == slug)).first()
    if m is None or m.status != MerchantStatus.APPROVED:
        raise NotFound("shop")
    products = list(db.exec(select(Product).where(
        Product.merchant_id == m.id, Product.available, Product.abnormal.is_(False),
    ).order_by(Product.section_id, Product.name)))
    return ShopPage(
        merchant=m, open_now=is_open_now(db, m, now),
        seo_title=m.seo_title or f"{m.name} — {m.category.title()}",
        seo_description=m.seo_description or (m.description[:157] + "..." if len(m.description) > 160 else m.description)
        or f"Order from {m.name} for delivery or pickup.",
        hours=list(db.exec(select(MerchantHours).where(MerchantHours.merchant_id == m.id).order_by(MerchantHours.weekday, MerchantHours.opens_min))),
        sections=list(db.exec(select(MerchantSection).where(MerchantSection.merchant_id == m.id).order_by(MerchantSection.sort, MerchantSection.name))),
        products=products,
    )


# ---------------------------------------------------------------- favourites


def toggle_favourite(db: Session, actor: Actor, *, product_id: int | None = None, merchant_id: int | None = None) -> bool:
    """Save or unsave a product or a shop; returns True when it is now a favourite."""
    require_user(actor)
    if (product_id is None) == (merchant_id is None):
        raise ServiceError("Choose a product or a shop to save.")
    if product_id is not None and db.get(Product, product_id) is None:
        raise NotFound("product")
    if merchant_id is not None and db.get(Merchant, merchant_id) is None:
        raise NotFound("shop")
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


def list_favourites(db: Session, actor: Actor) -> Favourites:
    require_user(actor)
    favs = list(db.exec(select(Favourite).where(Favourite.user_id == actor.user_id).order_by(Favourite.created_at.desc())))
    pids = [f.product_id for f in favs if f.product_id]
    mids = [f.merchant_id for f in favs if f.merchant_id]
    return Favourites(
        products=list(db.exec(select(Product).where(Product.id.in_(pids)))) if pids else [],
        merchants=list(db.exec(select(Merchant).where(Merchant.id.in_(mids)))) if mids else [],
    )


# ---------------------------------------------------------------- residents' home


@dataclass
class HomeFeed:
    pinned: list[Product]
    hot: list[Product]
    new: list[Product]
    recommended: list[Product]
    discounted: list[Product]
    categories: list[CategoryNode]


def home_feed(db: Session, community: Community, limit: int = 12, now: datetime | None = None) -> HomeFeed:
    """The resident home: pinned carousel, hot, new, recommended and discounted products from the circle."""
    from community_hub.marketplace.circle import circle_merchant_ids

    now = now or utcnow()
    ids = circle_merchant_ids(db, community)
    if not ids:
        return HomeFeed([], [], [], [], [], category_tree(db))
    base = select(Product).where(Product.merchant_id.in_(ids), Product.available, Product.abnormal.is_(False),
                                 or_(Product.stock.is_(None), Product.stock > 0))
    return HomeFeed(
        pinned=list(db.exec(base.where(Product.pinned).order_by(Product.updated_at.desc()).limit(limit))),
        hot=list(db.exec(base.where(Product.sold_count >= HOT_SOLD_MIN).order_by(Product.sold_count.desc()).limit(limit))),
        new=list(db.exec(base.where(Product.created_at >= now - timedelta(days=NEW_DAYS)).order_by(Product.created_at.desc()).limit(limit))),
        recommended=list(db.exec(base.where(Product.recommended).order_by(Product.id.desc()).limit(limit))),
        discounted=list(db.exec(base.where(Product.compare_at_minor > Product.price_minor).order_by(Product.id.desc()).limit(limit))),
        categories=category_tree(db),
    )
