"""Made-to-order terms: which products are paid as a deposit now and the balance when ready, the
deposit share (1..100 %, kept as basis points), the shop's rule for a cancellation after work has
started, and how an order's total splits into the deposit and the balance."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlmodel import Session

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import Text, phrase
from community_hub.core.permissions import Actor, require_merchant_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import Merchant, Product

KEEP, REFUND = "keep", "refund"
RULES = (KEEP, REFUND)
# What the resident reads before confirming a cancellation, and the shop on its settings.
RULE_TEXT = {
    KEEP: phrase("If you cancel after the shop has started work, the shop keeps the deposit."),
    REFUND: phrase("If you cancel after the shop has started work, the deposit is refunded."),
}
MAX_PERCENT_TEXT = 10


def deposit_bps(text: str) -> int:
    """"30" or "12.5" (percent) -> 3000 or 1250 basis points; refused outside 1..100 %."""
    raw = str(text or "").strip().rstrip("%").strip()
    if not raw:
        raise ServiceError(phrase("Enter the deposit share for a product made to order (1 to 100 %)."),
                           code="deposit")
    try:
        pct = Decimal(raw[:MAX_PERCENT_TEXT])
    except InvalidOperation:
        pct = None
    if pct is None or not pct.is_finite() or len(raw) > MAX_PERCENT_TEXT:
        raise ServiceError(phrase("The deposit share is a number of percent, like 30."), code="deposit")
    if not Decimal(1) <= pct <= Decimal(100) or pct != pct.quantize(Decimal("0.01")):
        raise ServiceError(phrase("The deposit share is 1 to 100 % (at most two decimals)."), code="deposit")
    return int(pct * 100)


def check_terms(made_to_order: object, deposit_text: str) -> tuple[bool, int]:
    """(made to order, deposit basis points) from the editor's fields. A deposit on a product that
    is not made to order is refused (so is one made to order without a deposit share)."""
    made = bool(made_to_order) and str(made_to_order) not in ("0", "false", "False")
    deposit = str(deposit_text or "").strip()
    if not made:
        if deposit and deposit.rstrip("%").strip() not in ("0", "0.0", "0.00"):
            raise ServiceError(phrase("A deposit is only for a product made to order: tick Made to order or "
                                      "clear the deposit."), code="deposit")
        return False, 0
    return True, deposit_bps(deposit)


def percent_text(bps: int) -> str:
    """3000 -> "30", 1250 -> "12.5": the editor's field and the labels."""
    if not bps:
        return ""
    text = f"{Decimal(bps) / 100:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def apply_terms(product: Product, made: bool, bps: int) -> None:
    """Write checked terms on a product (the caller checked the merchant)."""
    product.made_to_order, product.deposit_bps = made, bps if made else 0


def set_product_terms(db: Session, actor: Actor, product_id: int, made_to_order: bool,
                      deposit_text: str) -> Product:
    """The shop marks a product made to order with a deposit share, or not made to order."""
    product = db.get(Product, product_id)
    if product is None:
        raise NotFound(phrase("product"))
    require_merchant_of(actor, product.merchant_id)
    made, bps = check_terms(made_to_order, deposit_text)
    apply_terms(product, made, bps)
    db.add(product)
    db.flush()
    return product


def set_deposit_rule(db: Session, actor: Actor, merchant_id: int, rule: str) -> Merchant:
    """The shop's stated rule for a cancellation after work has started: keep or refund the deposit.
    Orders keep the rule they were placed under."""
    require_merchant_of(actor, merchant_id)
    if rule not in RULES:
        raise ServiceError(phrase("Choose whether the shop keeps or refunds the deposit."), code="rule")
    shop = get_or_not_found(db, Merchant, merchant_id, phrase("shop"), lock=True)
    shop.deposit_rule = rule
    db.add(shop)
    db.flush()
    return shop


def rule_text(rule: str) -> Text:
    return RULE_TEXT.get(rule, RULE_TEXT[KEEP])


def line_deposit(line_total_minor: int, bps: int) -> int:
    """The deposit on one line: its share, rounded half up to whole minor units."""
    exact = Decimal(line_total_minor) * Decimal(bps) / Decimal(10000)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split(lines: list[tuple[Product, int]], total_minor: int) -> tuple[int, int]:
    """(deposit now, balance when ready) of an order of `lines` (product, line total) costing
    `total_minor` in all. The balance is what the made-to-order lines leave after their deposits;
    everything else (other lines, the delivery fee less the discounts) is paid with the deposit.
    (0, 0) when nothing is left for later: the order is paid whole at checkout as usual."""
    balance = sum(total - line_deposit(total, p.deposit_bps) for p, total in lines if p.made_to_order)
    if balance <= 0 or balance >= total_minor:
        return 0, 0
    return total_minor - balance, balance
