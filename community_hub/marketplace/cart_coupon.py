"""The coupon a resident applies to a cart. It is saved on the cart, so the cart page, the
checkout page (after going back and forth, or on another device) and the order all read the
same one; it is checked again at every preview and when the order is placed."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.core.rows import get_or_not_found
from community_hub.marketplace.cart import own_cart, view_cart
from community_hub.marketplace.checkout import check_coupon
from community_hub.models import Merchant
from community_hub.models.base import utcnow

MAX_CODE = 30


def apply_coupon(db: Session, actor: Actor, merchant_id: int, code: str, now: datetime | None = None) -> str:
    """Check the coupon against the cart as it is now and save it there; the code as saved."""
    require_resident(actor)
    code = (code or "").strip().upper()
    if not code:
        raise ServiceError(phrase("Enter a coupon code."), code="coupon")
    if len(code) > MAX_CODE:
        raise ServiceError(phrase("A coupon code is at most {most} characters.", most=MAX_CODE), code="coupon")
    merchant = get_or_not_found(db, Merchant, merchant_id, phrase("shop"))
    view = view_cart(db, actor, merchant_id)
    cart = own_cart(db, actor, merchant_id)
    if cart is None or not view.lines:
        raise ServiceError(phrase("Your cart at this shop is empty."), code="coupon")
    check_coupon(db, merchant, actor.user_id, code, view.subtotal_minor, now or utcnow())
    cart.coupon_code = code
    db.add(cart)
    return code


def remove_coupon(db: Session, actor: Actor, merchant_id: int) -> None:
    require_resident(actor)
    cart = own_cart(db, actor, merchant_id)
    if cart is not None and cart.coupon_code:
        cart.coupon_code = None
        db.add(cart)
