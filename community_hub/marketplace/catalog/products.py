"""Products: create, edit, photos, options, stock, visibility, flags for abnormal ones."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_merchant_of,
)
from community_hub.core.rows import get_or_not_found
from community_hub.marketplace.catalog import product_review
from community_hub.marketplace.catalog.barcodes import check_barcode_free, clean_barcode
from community_hub.marketplace.catalog.common import (
    MAX_PHOTOS,
    _check_category,
    _check_price,
    _check_section,
    _check_stock,
    _own_product,
    merchant_or_404,
)
from community_hub.models import AuditEntry, Product
from community_hub.models.base import utcnow
from community_hub.models.catalog import (
    ProductOption,
)

# What a person may type, at most (the columns are as long, or longer): refused, never cut.
NAME_MAX = 160
DESCRIPTION_MAX = 2000
SKU_MAX = 64
OPTION_GROUP_MAX = 40
OPTION_VALUE_MAX = 60


def check_name(name: str) -> str:
    name = str(name or "").strip()
    if not name:
        raise ServiceError(phrase("Enter the product's name."))
    if len(name) > NAME_MAX:
        raise ServiceError(phrase("The name is {length} characters long; keep it to {most}.", length=len(name), most=NAME_MAX))
    return name


def check_description(text: str) -> str:
    text = str(text or "").strip()
    if len(text) > DESCRIPTION_MAX:
        raise ServiceError(phrase("The description is {length} characters long; keep it to {most}.", length=len(text),
                                  most=DESCRIPTION_MAX))
    return text


def check_sku(db: Session, merchant_id: int, sku: str | None, product_id: int | None = None) -> str | None:
    sku = str(sku or "").strip() or None
    if sku is None:
        return None
    if len(sku) > SKU_MAX:
        raise ServiceError(phrase("A SKU is at most {most} characters.", most=SKU_MAX))
    q = select(Product.id).where(Product.merchant_id == merchant_id, Product.sku == sku)
    if product_id is not None:
        q = q.where(Product.id != product_id)
    if db.exec(q).first():
        raise ServiceError(phrase("Another product of this shop already has the SKU {sku}.", sku=sku))
    return sku


def check_option(group: str, value: str) -> tuple[str, str]:
    group, value = str(group or "").strip(), str(value or "").strip()
    if not group or not value:
        raise ServiceError(phrase("An option needs a group (e.g. Size) and a value (e.g. Large)."))
    if len(group) > OPTION_GROUP_MAX or len(value) > OPTION_VALUE_MAX:
        raise ServiceError(phrase("An option's group is at most {group_most} characters and its value at most {value_most}.",
                                  group_most=OPTION_GROUP_MAX, value_most=OPTION_VALUE_MAX))
    return group, value


def create_product(
    db: Session, actor: Actor, merchant_id: int, *, name: str, price_minor: int,
    description: str = "", compare_at_minor: int | None = None, stock: int | None = None,
    category_id: int | None = None, section_id: int | None = None, sku: str | None = None,
    photos: list[str] | None = None, recommended: bool = False, available: bool = True,
    barcode: str | None = None,
) -> Product:
    """A merchant adds a product or service (stock None = unlimited)."""
    require_merchant_of(actor, merchant_id)
    merchant = merchant_or_404(db, merchant_id)
    name = check_name(name)
    description = check_description(description)
    barcode = clean_barcode(barcode)
    check_barcode_free(db, merchant_id, barcode)
    _check_price(price_minor, compare_at_minor)
    _check_stock(stock)
    _check_section(db, merchant_id, section_id)
    _check_category(db, category_id)
    if photos and len(photos) > MAX_PHOTOS:
        raise ServiceError(phrase("At most {most} photos per product.", most=MAX_PHOTOS))
    sku = check_sku(db, merchant_id, sku)
    p = Product(
        merchant_id=merchant_id, name=name, description=description, price_minor=price_minor, barcode=barcode,
        compare_at_minor=compare_at_minor, currency=merchant.currency, stock=stock,
        category_id=category_id, section_id=section_id, sku=sku, photos=list(photos or []),
        recommended=recommended, available=available,
    )
    db.add(p)
    db.flush()
    product_review.on_created(db, merchant, p)  # live at once only for a trusted shop
    return p


EDITABLE = {"name", "description", "price_minor", "compare_at_minor", "category_id", "section_id",
            "photos", "recommended", "low_stock_threshold", "sku", "barcode"}  # no "pinned": admins curate the home


def update_product(db: Session, actor: Actor, product_id: int, **changes) -> Product:
    """A merchant edits its own product; unknown fields are refused, values are checked."""
    p = _own_product(db, actor, product_id)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ServiceError(phrase("These fields cannot be changed here: {fields}.", fields=", ".join(sorted(unknown))))
    if "name" in changes:
        changes["name"] = check_name(changes["name"])
    if "description" in changes:
        changes["description"] = check_description(changes["description"])
    if "sku" in changes:
        changes["sku"] = check_sku(db, p.merchant_id, changes["sku"], p.id)
    if "barcode" in changes:
        changes["barcode"] = str(changes["barcode"] or "").strip() or None
        # A code stored before the check existed stays until it is changed; a new one is checked.
        if changes["barcode"] != p.barcode:
            changes["barcode"] = clean_barcode(changes["barcode"])
            check_barcode_free(db, p.merchant_id, changes["barcode"], p.id)
    _check_price(changes.get("price_minor", p.price_minor), changes.get("compare_at_minor", p.compare_at_minor))
    if "section_id" in changes:
        _check_section(db, p.merchant_id, changes["section_id"])
    if "category_id" in changes:
        _check_category(db, changes["category_id"])
    if "photos" in changes and len(changes["photos"] or []) > MAX_PHOTOS:
        raise ServiceError(phrase("At most {most} photos per product.", most=MAX_PHOTOS))
    merchant = merchant_or_404(db, p.merchant_id)
    for k, v in product_review.hold_reviewed(db, merchant, p, changes).items():
        setattr(p, k, list(v or []) if k == "photos" else v)
    p.updated_at = utcnow()
    db.add(p)
    product_review.after_edit(db, merchant, p)
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
    require_admin_permission(actor, AdminPermission.REVIEW)
    p = get_or_not_found(db, Product, product_id, phrase("product"), lock=True)
    if not reason.strip():
        raise ServiceError(phrase("Say what is wrong with the product, so the merchant can fix it."))
    p.abnormal, p.abnormal_reason = True, reason.strip()
    db.add(p)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="product.flag_abnormal",
                      subject=f"product:{p.id}", detail=reason.strip()))
    return p


def clear_abnormal(db: Session, actor: Actor, product_id: int) -> Product:
    """An admin lifts the flag once the merchant has fixed the product."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    p = get_or_not_found(db, Product, product_id, phrase("product"), lock=True)
    p.abnormal, p.abnormal_reason = False, ""
    db.add(p)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="product.clear_abnormal", subject=f"product:{p.id}"))
    return p


def add_product_photo(db: Session, actor: Actor, product_id: int, data: bytes, filename: str) -> Product:
    """Upload a photo (PNG, JPEG or WebP by content, at most 5 MB) and append it to the product."""
    from community_hub.core.uploads import store_public_image

    p = _own_product(db, actor, product_id)
    photos = list(product_review.proposed(db, p)["photos"])  # added to a waiting edit's photos, if any
    if len(photos) >= MAX_PHOTOS:
        raise ServiceError(phrase("At most {most} photos per product.", most=MAX_PHOTOS))
    stored = store_public_image(data, filename)
    # A new list, so the JSON column is seen as changed; through the review like any edit of photos.
    return update_product(db, actor, p.id, photos=[*photos, stored.path])


def add_option(db: Session, actor: Actor, product_id: int, group: str, value: str, price_delta_minor: int = 0) -> ProductOption:
    """A choice on a product, e.g. group "Size", value "Large", +1.50."""
    p = _own_product(db, actor, product_id)
    group, value = check_option(group, value)
    if p.price_minor + price_delta_minor < 0:
        raise ServiceError(phrase("An option cannot make the price negative."))
    o = ProductOption(product_id=p.id, group=group, value=value, price_delta_minor=price_delta_minor)
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
