"""The merchant's product editor as one check: every field's problem at once (a merchant fixing a
form should not meet one error per press of Save), then the product, its stock, visibility and
the options typed before it existed, saved in one transaction.

The fields arrive as typed (text); the result says per field what is wrong, or gives the product.
The services it calls (create_product, update_product, add_option) check everything again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlmodel import Session

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import parse_amount
from community_hub.core.permissions import Actor, require_merchant_of
from community_hub.marketplace.catalog.barcodes import check_barcode_free, clean_barcode
from community_hub.marketplace.catalog.common import (
    MAX_PHOTOS,
    _check_category,
    merchant_or_404,
)
from community_hub.marketplace.catalog.products import (
    add_option,
    check_description,
    check_name,
    check_option,
    check_sku,
    create_product,
    set_available,
    set_stock,
    update_product,
)
from community_hub.marketplace.made_to_order import terms as made_to_order
from community_hub.models import Product

T = TypeVar("T")
MAX_NEW_OPTIONS = 30


@dataclass
class ProductFormResult:
    errors: dict[str, str] = field(default_factory=dict)  # field -> what is wrong; empty when saved
    product: Product | None = None


def _whole(text: str, what: str, allow_blank: bool = False) -> int | None:
    text = str(text or "").strip()
    if not text and allow_blank:
        return None
    if not text.isdigit() or len(text) > 9:
        raise ServiceError(phrase("The {what} must be a whole number (0 or more).", what=what))
    return int(text)


def _category(db: Session, text: str) -> int | None:
    text = str(text or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 12:
        raise ServiceError(phrase("That category does not exist."))
    _check_category(db, int(text))
    return int(text)


def option_delta(text: str, currency: str = "USD") -> int:
    """"+1.50" -> 150, "-0.50" -> -50, "" -> 0."""
    text = str(text or "").strip()
    amount = parse_amount(text.lstrip("+-"), currency, phrase("price change"), allow_blank=True) or 0
    return -amount if text.startswith("-") else amount


def save_product_form(db: Session, actor: Actor, merchant_id: int, product_id: int | None, form: dict[str, str],
                      photos: list[str], new_options: list[dict[str, str]] | None = None) -> ProductFormResult:
    """Create (product_id None) or update a product from the editor's fields. Fields: name,
    description, price, compare_at, stock, unlimited, threshold, sku, barcode, category, available;
    `new_options` are {group, value, delta} rows to add."""
    require_merchant_of(actor, merchant_id)
    merchant = merchant_or_404(db, merchant_id)
    current = None
    if product_id is not None:
        current = db.get(Product, product_id)
        if current is None or current.merchant_id != merchant_id:
            raise NotFound(phrase("product"))
    f = {k: str(v if v is not None else "") for k, v in (form or {}).items()}
    errors: dict[str, str] = {}

    def checked(name: str, fn: Callable[[], T]) -> T | None:
        try:
            return fn()
        except ServiceError as exc:
            errors[name] = exc.message
            return None

    cur = merchant.currency
    name = checked("name", lambda: check_name(f.get("name", "")))
    description = checked("description", lambda: check_description(f.get("description", "")))
    price = checked("price", lambda: parse_amount(f.get("price", ""), cur, phrase("price")))
    compare = checked("compare_at", lambda: parse_amount(f.get("compare_at", ""), cur, phrase("compare-at price"),
                                                           allow_blank=True))
    if price is not None and compare is not None and compare <= price:
        errors["compare_at"] = phrase("The compare-at price must be higher than the price (it shows the discount).")
    unlimited = bool(f.get("unlimited"))
    stock = None if unlimited else checked("stock", lambda: _whole(f.get("stock", ""), phrase("stock")))
    threshold = checked("threshold", lambda: _whole(f.get("threshold", "") or "5", phrase("low-stock alert level")))
    sku = checked("sku", lambda: check_sku(db, merchant_id, f.get("sku"), product_id))
    barcode_text = "".join(f.get("barcode", "").split()) or None
    if current is not None and barcode_text == current.barcode:
        barcode = barcode_text  # an older code stays until it is changed
    else:
        barcode = checked("barcode", lambda: clean_barcode(barcode_text))
        if barcode and "barcode" not in errors:
            checked("barcode", lambda: check_barcode_free(db, merchant_id, barcode, product_id))
    category_id = checked("category", lambda: _category(db, f.get("category", "")))
    if len(photos or []) > MAX_PHOTOS:
        errors["photos"] = phrase("At most {most} photos per product.", most=MAX_PHOTOS)
    options: list[tuple[str, str, int]] = []
    for row in (new_options or [])[:MAX_NEW_OPTIONS + 1]:
        pair = checked("options", lambda row=row: check_option(row.get("group", ""), row.get("value", "")))
        delta = checked("options", lambda row=row: option_delta(row.get("delta", ""), cur))
        if pair and delta is not None:
            if price is not None and price + delta < 0:
                errors["options"] = phrase("An option cannot make the price negative.")
            options.append((*pair, delta))
    if len(new_options or []) > MAX_NEW_OPTIONS:
        errors["options"] = phrase("At most {most} options at once.", most=MAX_NEW_OPTIONS)
    # Made to order (issue 20): a deposit share only with "made to order" ticked, 1..100 %.
    # A form without these fields (another caller) leaves the product's terms as they are.
    terms_sent = "made_to_order" in f or "deposit" in f
    made = checked("deposit", lambda: made_to_order.check_terms(f.get("made_to_order"), f.get("deposit", "")))
    if errors:
        return ProductFormResult(errors=errors)

    available = bool(f.get("available"))
    if current is None:
        p = create_product(db, actor, merchant_id, name=name, description=description, price_minor=price,
                           compare_at_minor=compare, stock=stock, sku=sku, barcode=barcode, category_id=category_id,
                           photos=list(photos or []), available=available)
        update_product(db, actor, p.id, low_stock_threshold=threshold)
    else:
        p = update_product(db, actor, current.id, name=name, description=description, price_minor=price,
                           compare_at_minor=compare, sku=sku, barcode=barcode, category_id=category_id,
                           photos=list(photos or []), low_stock_threshold=threshold)
        set_stock(db, actor, p.id, stock)
        set_available(db, actor, p.id, available)
    for group, value, delta in options:
        add_option(db, actor, p.id, group, value, delta)
    if terms_sent:
        made_to_order.apply_terms(p, *made)
        db.add(p)
        db.flush()
    return ProductFormResult(product=p)
