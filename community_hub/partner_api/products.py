"""The API's product moves, each through the catalog's own services and rules (the same checks
and limits the dashboard's editor meets), on the key's own shop only: another shop's product id
is "not found", so ids are never confirmed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import catalog
from community_hub.models import Product
from community_hub.partner_api.events import check_cursor, check_limit
from community_hub.partner_api.keys import KeyPrincipal, require_scope
from community_hub.partner_api.scopes import PRODUCTS_READ, PRODUCTS_WRITE

BULK_MAX = 500
# What the API may set on a product (catalog.update_product's fields, plus stock and visibility).
FIELDS = ("sku", "name", "description", "price_minor", "compare_at_minor", "stock", "available", "barcode")


class BulkRowRefused(ServiceError):
    """A bulk call with bad rows: nothing was written; `index` is the first bad row."""

    def __init__(self, index: int, message: str, rows: list[dict]):
        super().__init__(phrase("Nothing was saved. Row {index}: {problem}", index=index, problem=message),
                         code="invalid_row")
        self.index, self.rows = index, rows


@dataclass(frozen=True)
class BulkResult:
    created: list[int]
    updated: list[int]
    unchanged: list[int]


def product_json(p: Product) -> dict:
    return {"id": p.id, "sku": p.sku, "name": p.name, "description": p.description, "price_minor": p.price_minor,
            "compare_at_minor": p.compare_at_minor, "currency": p.currency, "stock": p.stock,
            "available": p.available, "barcode": p.barcode, "flagged": p.abnormal,
            "flag_reason": p.abnormal_reason or None, "listed": p.live, "review": p.review_state,
            "review_reason": p.review_reason or None, "photos": list(p.photos),
            "created_at": p.created_at.isoformat(), "updated_at": p.updated_at.isoformat()}


def own_product(db: Session, principal: KeyPrincipal, product_id: int, lock: bool = False) -> Product:
    p = db.get(Product, product_id, with_for_update=lock) if isinstance(product_id, int) else None
    if p is None or p.merchant_id != principal.merchant_id:
        raise NotFound(phrase("product"))
    return p


def list_products(db: Session, principal: KeyPrincipal, after: object = 0, limit: object = 100) -> list[Product]:
    """The shop's products by id, after the cursor (a product id), hidden and flagged ones included."""
    require_scope(principal, PRODUCTS_READ)
    after, limit = check_cursor(after), check_limit(limit)
    return list(db.exec(select(Product).where(Product.merchant_id == principal.merchant_id, Product.id > after)
                        .order_by(Product.id).limit(limit)))


def get_product(db: Session, principal: KeyPrincipal, product_id: int) -> Product:
    require_scope(principal, PRODUCTS_READ)
    return own_product(db, principal, product_id)


def create_product(db: Session, principal: KeyPrincipal, fields: dict) -> Product:
    require_scope(principal, PRODUCTS_WRITE)
    return _create(db, principal, _known(fields))


def _create(db: Session, principal: KeyPrincipal, fields: dict) -> Product:
    if "name" not in fields or "price_minor" not in fields:
        raise ServiceError(phrase("A new product needs its name and price_minor."))
    return catalog.create_product(db, principal.actor, principal.merchant_id, **fields)


def update_product(db: Session, principal: KeyPrincipal, product_id: int, fields: dict) -> Product:
    """Change the fields sent (others stay); stock and visibility through their own services."""
    require_scope(principal, PRODUCTS_WRITE)
    p = own_product(db, principal, product_id)
    fields = _known(fields)
    return _apply(db, principal, p, fields)


def _known(fields: dict) -> dict:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ServiceError(phrase("These fields cannot be changed here: {fields}.", fields=", ".join(sorted(unknown))))
    return dict(fields)


def _apply(db: Session, principal: KeyPrincipal, p: Product, fields: dict) -> Product:
    stock, available = fields.pop("stock", p.stock), fields.pop("available", p.available)
    changes = {k: v for k, v in fields.items() if getattr(p, k) != v}
    if changes:
        catalog.update_product(db, principal.actor, p.id, **changes)
    if stock != p.stock:
        catalog.set_stock(db, principal.actor, p.id, stock)
    if available != p.available:
        catalog.set_available(db, principal.actor, p.id, available)
    return p


def set_stock(db: Session, principal: KeyPrincipal, product_id: int, stock: int | None) -> Product:
    require_scope(principal, PRODUCTS_WRITE)
    own_product(db, principal, product_id)
    return catalog.set_stock(db, principal.actor, product_id, stock)


def set_price(db: Session, principal: KeyPrincipal, product_id: int, price_minor: int,
              compare_at_minor: int | None = None) -> Product:
    require_scope(principal, PRODUCTS_WRITE)
    own_product(db, principal, product_id)
    return catalog.update_product(db, principal.actor, product_id, price_minor=price_minor,
                                  compare_at_minor=compare_at_minor)


def archive_product(db: Session, principal: KeyPrincipal, product_id: int) -> Product:
    """Taken out of the shop (kept for past orders); an update with "available": true brings it back."""
    require_scope(principal, PRODUCTS_WRITE)
    own_product(db, principal, product_id)
    return catalog.set_available(db, principal.actor, product_id, False)


def bulk_upsert(db: Session, principal: KeyPrincipal, rows: list[dict]) -> BulkResult:
    """Create or update up to 500 products by the shop's own SKU, all or nothing. A product whose
    fields already match is not touched, so the same body twice changes nothing the second time.
    Every row is tried; the first bad one is named (the caller's transaction rolls back the rest)."""
    require_scope(principal, PRODUCTS_WRITE)
    if not isinstance(rows, list) or not rows:
        raise ServiceError(phrase("Send at least one product."))
    if len(rows) > BULK_MAX:
        raise ServiceError(phrase("At most {most} products per call.", most=BULK_MAX), code="too_many")
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        sku = str(row.get("sku") or "").strip()
        if not sku:
            raise BulkRowRefused(i, phrase("Every product needs its SKU here."), rows)
        if sku in seen:
            raise BulkRowRefused(i, phrase("The SKU {sku} is also in row {other}.", sku=sku, other=seen[sku]), rows)
        seen[sku] = i
    existing = {p.sku: p for p in db.exec(select(Product).where(
        Product.merchant_id == principal.merchant_id, Product.sku.in_(list(seen))).with_for_update())}
    result = BulkResult([], [], [])
    for i, row in enumerate(rows):
        try:
            fields = _known(row)
            fields["sku"] = fields["sku"].strip()
            p = existing.get(fields["sku"])
            if p is None:
                result.created.append(_create(db, principal, fields).id)
                continue
            before = product_json(p)
            _apply(db, principal, p, fields)
            (result.updated if product_json(p) != before else result.unchanged).append(p.id)
        except ServiceError as exc:
            raise BulkRowRefused(i, exc.message, rows) from exc
    return result


def add_photo(db: Session, principal: KeyPrincipal, product_id: int, data: bytes) -> Product:
    """A photo sent as the body (PNG, JPEG or WebP by its content, at most 5 MB): checked, re-encoded
    without its metadata and stored by the catalog's own upload, as from the dashboard."""
    require_scope(principal, PRODUCTS_WRITE)
    own_product(db, principal, product_id)
    if not data:
        raise ServiceError(phrase("Send the photo itself as the body (image/png, image/jpeg or image/webp)."))
    return catalog.add_product_photo(db, principal.actor, product_id, data, "api-upload")
