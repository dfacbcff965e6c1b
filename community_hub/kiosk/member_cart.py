"""The logged-in member's cart at the lobby kiosk: every line with its name, unit price and
quantity, a total per shop and one for everything, and the +/−/remove taps of a touch screen.

The cart itself is the marketplace's (`marketplace.cart`): the kiosk only rebuilds the member's
Actor from the kiosk session (which checks the kiosk account) and shapes the view for a big screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.kiosk.scan import photo_url
from community_hub.kiosk.session import member_actor
from community_hub.marketplace import cart, checkout
from community_hub.marketplace.cart import money
from community_hub.models import Merchant, Product
from community_hub.models.orders import CartLine, Fulfilment


@dataclass(frozen=True)
class KioskCartLine:
    line_id: int
    name: str  # with its options ("Coffee (Large)")
    unit_price: str
    quantity: int
    line_total: str
    photo_url: str  # "" when the product has no photo
    can_add: bool  # one more would still be in stock


@dataclass(frozen=True)
class KioskCart:
    merchant_id: int
    shop: str
    lines: list[KioskCartLine]
    items: int
    total: str  # what the order would cost now: checkout's own total (after coupons and the member price)
    total_minor: int
    currency: str
    problems: list[str]  # what would stop the order now (price change, sold out, under the shop's minimum)
    can_order: bool
    member_label: str = ""  # "Member price (Gold, 5 %)": the cardholder's line, as checkout shows it
    member_discount: str = ""  # "−$1.25"
    other_discount: str = ""  # coupons taken off too ("−$2.00"), so the lines add up to the total


@dataclass(frozen=True)
class KioskBasket:
    carts: list[KioskCart]
    items: int
    total: str  # every cart together ("$12.50"; "$3.00 + €2.00" across currencies)


def _cart(db: Session, member: Actor, merchant_id: int) -> KioskCart:
    view = cart.view_cart(db, member, merchant_id)
    lines = []
    for ln in view.lines:
        p = db.get(Product, ln.product_id)
        name = f"{ln.name} ({ln.options_text})" if ln.options_text else ln.name
        lines.append(KioskCartLine(ln.line_id, name, money(ln.current_price_minor, view.currency), ln.quantity,
                                   money(ln.line_total_minor, view.currency), photo_url(p),
                                   ln.quantity < cart.MAX_QUANTITY and (ln.stock_left is None
                                                                        or ln.quantity < ln.stock_left)))
    problems = list(dict.fromkeys(view.problems))
    shop = db.get(Merchant, merchant_id)
    if view.subtotal_minor < shop.min_order_minor:  # said before the pay button, not after it
        problems.append(phrase("{shop} takes orders from {minimum}; add {more} more.", shop=shop.name,
                               minimum=money(shop.min_order_minor, view.currency),
                               more=money(shop.min_order_minor - view.subtotal_minor, view.currency)))
    totals = _checkout_totals(db, member, merchant_id)
    total = totals.total_minor if totals else view.subtotal_minor
    other = totals.discount_minor + totals.platform_discount_minor if totals else 0
    return KioskCart(view.merchant_id, view.merchant_name, lines, sum(ln.quantity for ln in view.lines),
                     money(total, view.currency), total, view.currency, problems,
                     can_order=not problems and bool(lines),
                     member_label=totals.member_label if totals and totals.member_discount_minor else "",
                     member_discount=money(-totals.member_discount_minor, view.currency)
                     if totals and totals.member_discount_minor else "",
                     other_discount=money(-other, view.currency) if other else "")


def _checkout_totals(db: Session, member: Actor, merchant_id: int) -> checkout.Totals | None:
    """The totals checkout would charge for a pickup order (`pay.order_cart`), with the member price
    of a cardholder; None when it cannot say yet (the cart's problems are listed instead)."""
    try:
        return checkout.preview(db, member, merchant_id, fulfilment=Fulfilment.PICKUP)
    except ServiceError:
        return None


def basket(db: Session, kiosk_actor: Actor, member_token: str) -> KioskBasket:
    """Every non-empty cart of the member at this kiosk (one per shop), newest first, with totals."""
    member = member_actor(db, kiosk_actor, member_token)
    carts = [_cart(db, member, c.merchant_id) for c in cart.my_carts(db, member)]
    by_currency: dict[str, int] = {}
    for c in carts:
        by_currency[c.currency] = by_currency.get(c.currency, 0) + c.total_minor
    total = " + ".join(money(v, k) for k, v in by_currency.items()) or money(0)
    return KioskBasket(carts, sum(c.items for c in carts), total)


def step_quantity(db: Session, kiosk_actor: Actor, member_token: str, line_id: int, step: int) -> None:
    """The big + or − of a line: one more or one less. One less than one is not a removal here
    (a stray tap should not empty a line): the remove button does that."""
    if step not in (1, -1):
        raise ServiceError(phrase("Tap + or − to change the quantity."))
    member = member_actor(db, kiosk_actor, member_token)
    line = db.get(CartLine, line_id)
    quantity = (line.quantity if line is not None else 1) + step
    if quantity < 1:
        raise ServiceError(phrase("Tap Remove to take it out of your cart."))
    cart.set_quantity(db, member, line_id, quantity)  # checks the line is the member's, and the stock


def remove_line(db: Session, kiosk_actor: Actor, member_token: str, line_id: int) -> None:
    cart.remove_line(db, member_actor(db, kiosk_actor, member_token), line_id)
