"""Product barcodes as printed on packs: EAN-8, UPC-A (12 digits) or EAN-13, with a correct check
digit, and one product per code in a shop. The lobby kiosk finds a product by this code
(`kiosk/scan.find_product`), so a typo here is a product that can never be scanned: it is refused
at the door instead."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.models import Product

LENGTHS = (8, 12, 13)


def check_digit(body: str) -> int:
    """The GS1 check digit of the digits before it: weights 3, 1, 3, ... from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def with_check_digit(body: str) -> str:
    """`body` plus its check digit (the demo data makes valid EAN-13 codes this way)."""
    return body + str(check_digit(body))


def clean_barcode(text: str | None) -> str | None:
    """The code as stored (spaces and dashes people type dropped), None when blank; a readable
    refusal for a wrong length, a letter or a wrong check digit."""
    code = "".join(str(text or "").split()).replace("-", "")
    if not code:
        return None
    if len(code) > 20 or not code.isdigit() or len(code) not in LENGTHS:
        raise ServiceError(phrase("A barcode is 8, 12 or 13 digits (EAN-8, UPC-A or EAN-13), as printed under the bars."))
    if check_digit(code[:-1]) != int(code[-1]):
        raise ServiceError(phrase("The barcode {code} does not add up (its last digit is a check digit): "
                                  "look for a mistyped digit.", code=code))
    return code


def check_barcode_free(db: Session, merchant_id: int, code: str | None, product_id: int | None = None) -> None:
    """Refuse a code another product of the same shop already has (the scanner would not know which)."""
    if not code:
        return
    q = select(Product.id, Product.name).where(Product.merchant_id == merchant_id, Product.barcode == code)
    if product_id is not None:
        q = q.where(Product.id != product_id)
    other = db.exec(q).first()
    if other is not None:
        raise ServiceError(phrase("Another product of this shop ({name}) already has the barcode {code}.", name=other[1], code=code))
