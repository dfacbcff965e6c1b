"""The catalog as CSV: export, and import all-or-nothing (rows checked, matched by SKU)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, select

from community_hub.core.csv_export import amount_cell, read_cell, to_csv
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    require_merchant_of,
)
from community_hub.marketplace.catalog import product_review
from community_hub.marketplace.catalog.barcodes import clean_barcode
from community_hub.marketplace.catalog.common import (
    CSV_COLUMNS,
    MAX_CSV_ROWS,
    CsvImportError,
    merchant_or_404,
)
from community_hub.marketplace.catalog.products import DESCRIPTION_MAX, NAME_MAX, SKU_MAX
from community_hub.models import Product
from community_hub.models.base import utcnow
from community_hub.models.catalog import (
    Category,
    MerchantSection,
)


def _money(text: str, what: str) -> int:
    try:
        d = Decimal(text.strip())
    except InvalidOperation as exc:
        raise ValueError(phrase("{what} {value} is not a number", what=what, value=repr(text))) from exc
    if d < 0:
        raise ValueError(phrase("{what} cannot be negative", what=what))
    if d != d.quantize(Decimal("0.01")):
        raise ValueError(phrase("{what} has more than 2 decimals", what=what))
    return int(d * 100)


def _bool(text: str, default: bool) -> bool:
    t = text.strip().lower()
    if t == "":
        return default
    if t in ("1", "yes", "true", "y"):
        return True
    if t in ("0", "no", "false", "n"):
        return False
    raise ValueError(phrase("{value} should be yes or no", value=repr(text)))


def export_csv(db: Session, actor: Actor, merchant_id: int) -> str:
    """The merchant's products as CSV (same columns the import reads; prices in major units)."""
    require_merchant_of(actor, merchant_id)
    cats = {c.id: c.slug for c in db.exec(select(Category))}
    secs = {s.id: s.name for s in db.exec(select(MerchantSection).where(MerchantSection.merchant_id == merchant_id))}
    rows = [[p.sku or "", p.name, p.description, amount_cell(p.price_minor, p.currency),
             amount_cell(p.compare_at_minor, p.currency),
             "" if p.stock is None else p.stock, cats.get(p.category_id, ""), secs.get(p.section_id, ""),
             "yes" if p.available else "no", "yes" if p.recommended else "no", p.barcode or ""]
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
        raise CsvImportError([phrase("the header must include {columns}", columns=", ".join(sorted(missing)))])
    cats = {c.slug: c.id for c in db.exec(select(Category))}
    secs = {s.name: s for s in db.exec(select(MerchantSection).where(MerchantSection.merchant_id == merchant_id))}
    existing = {p.sku: p for p in db.exec(select(Product).where(Product.merchant_id == merchant_id, Product.sku.is_not(None)))}
    # A file without a barcode column leaves the stored codes alone; with one, a blank cell clears it.
    has_barcodes = "barcode" in (reader.fieldnames or [])
    barcode_owner = {code: sku for code, sku in db.exec(
        select(Product.barcode, Product.sku).where(Product.merchant_id == merchant_id, Product.barcode.is_not(None)))}
    barcodes_seen: dict[str, str] = {}
    errors: list[str] = []
    parsed: list[dict] = []
    seen: set[str] = set()
    for i, row in enumerate(reader, start=2):  # row 1 is the header
        row = {k: read_cell(v) for k, v in row.items() if k is not None}  # undo export's formula guard
        if i - 1 > MAX_CSV_ROWS:
            errors.append(phrase("more than {most} rows; split the file", most=MAX_CSV_ROWS))
            break
        row = {k: (v or "") for k, v in row.items() if k}
        try:
            sku = row["sku"].strip()
            if not sku:
                raise ValueError(phrase("sku is empty"))
            if sku in seen:
                raise ValueError(phrase("sku {sku} appears twice in the file", sku=sku))
            seen.add(sku)
            if len(sku) > SKU_MAX:
                raise ValueError(phrase("sku is longer than {most} characters", most=SKU_MAX))
            name = row["name"].strip()
            if not name:
                raise ValueError(phrase("name is empty"))
            if len(name) > NAME_MAX:
                raise ValueError(phrase("name is longer than {most} characters", most=NAME_MAX))
            if len(row.get("description", "").strip()) > DESCRIPTION_MAX:
                raise ValueError(phrase("description is longer than {most} characters", most=DESCRIPTION_MAX))
            if len(row.get("section", "").strip()) > 60:
                raise ValueError(phrase("section is longer than {most} characters", most=60))
            extra = {}
            if has_barcodes:
                try:
                    code = clean_barcode(row.get("barcode", ""))
                except ServiceError as exc:
                    raise ValueError(exc.message) from None
                if code and code in barcodes_seen:
                    raise ValueError(phrase("barcode {code} appears twice in the file (sku {sku})", code=code, sku=barcodes_seen[code]))
                if code and barcode_owner.get(code, sku) != sku:
                    raise ValueError(phrase("barcode {code} belongs to another product (sku {sku})", code=code,
                                            sku=barcode_owner[code] or "none"))
                if code:
                    barcodes_seen[code] = sku
                extra["barcode"] = code
            price = _money(row["price"], "price")
            compare = _money(row["compare_at_price"], "compare_at_price") if row.get("compare_at_price", "").strip() else None
            if compare is not None and compare <= price:
                raise ValueError(phrase("compare_at_price must be higher than price"))
            stock_t = row.get("stock", "").strip()
            if stock_t and not stock_t.lstrip("-").isdigit():
                raise ValueError(phrase("stock {value} is not a whole number", value=repr(stock_t)))
            stock = int(stock_t) if stock_t else None
            if stock is not None and stock < 0:
                raise ValueError(phrase("stock cannot be negative"))
            cat_slug = row.get("category", "").strip()
            if cat_slug and cat_slug not in cats:
                raise ValueError(phrase("category {value} does not exist", value=repr(cat_slug)))
            parsed.append(dict(
                sku=sku, name=name, description=row.get("description", "").strip(), price_minor=price,
                compare_at_minor=compare, stock=stock, category_id=cats.get(cat_slug) if cat_slug else None,
                section=row.get("section", "").strip(),
                available=_bool(row.get("available", ""), True), recommended=_bool(row.get("recommended", ""), False),
                **extra,
            ))
        except ValueError as exc:
            errors.append(phrase("Row {row}: {problem}", row=i, problem=exc.args[0] if exc.args else str(exc)))
    if errors:
        raise CsvImportError(errors)
    created = updated = 0
    for data in parsed:
        sec_name = data.pop("section")
        section_id = None
        if sec_name:
            if sec_name not in secs:
                secs[sec_name] = MerchantSection(merchant_id=merchant_id, name=sec_name)
                db.add(secs[sec_name])
                db.flush()
            section_id = secs[sec_name].id
        p = existing.get(data["sku"])
        # The same review as the editor's (catalog/product_review): new rows and changed names or prices
        # of live products wait for an admin unless the shop is trusted.
        if p is None:
            p = Product(merchant_id=merchant_id, currency=merchant.currency, section_id=section_id, **data)
            db.add(p)
            db.flush()
            product_review.on_created(db, merchant, p)
            created += 1
        else:
            for k, v in product_review.hold_reviewed(db, merchant, p, data).items():
                setattr(p, k, v)
            p.section_id, p.updated_at = section_id, utcnow()
            product_review.after_edit(db, merchant, p)
            updated += 1
        db.add(p)
    db.flush()
    return ImportResult(created, updated)
