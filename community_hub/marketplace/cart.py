"""A resident's carts (one per merchant): add, change, remove, and the view with fresh prices.

A line keeps the unit price the resident saw when adding it; the view and checkout compare it with
the current price so a change is shown, never silently charged.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam
from sqlmodel import Session, func, select

from community_hub.core import prebuilt
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.core.permissions import Actor, require_resident
from community_hub.core.rows import get_or_not_found
from community_hub.models import Merchant, MerchantStatus, Product
from community_hub.models.base import utcnow
from community_hub.models.catalog import ProductOption
from community_hub.models.orders import Cart, CartLine

MAX_QUANTITY = 99


def money(minor: int, currency: str = "USD") -> str:
    """350, "USD" -> "$3.50" (core.money: one way to show money everywhere)."""
    return format_money(minor, currency)


def option_key(option_ids: list[int] | tuple[int, ...]) -> str:
    return ",".join(str(i) for i in sorted(set(option_ids)))


def unit_price(db: Session, product: Product, key: str) -> tuple[int, str]:
    """The current unit price with the chosen options, and the options as text ("Size: Large")."""
    ids = [int(i) for i in key.split(",") if i]
    if not ids:
        return product.price_minor, ""
    opts = list(db.exec(select(ProductOption).where(ProductOption.id.in_(ids)).order_by(ProductOption.id)))
    if len(opts) != len(ids) or any(o.product_id != product.id for o in opts):
        raise ServiceError(phrase("An option chosen for {name} is no longer offered; add it again.", name=product.name))
    return product.price_minor + sum(o.price_delta_minor for o in opts), ", ".join(f"{o.group}: {o.value}" for o in opts)


def stock_note(p: Product) -> str:
    """Why the stock does not cover what is asked (shown in the reader's language)."""
    if p.stock == 0:
        return phrase("{name} is sold out.", name=p.name)
    return phrase("Only {left} of {name} left.", left=p.stock, name=p.name)


def sellable(db: Session, product_id: int) -> tuple[Product, Merchant]:
    """The product and its shop, or a clear refusal if it is not for sale right now."""
    p = get_or_not_found(db, Product, product_id, phrase("product"))
    m = db.get(Merchant, p.merchant_id)
    if m is None:
        raise ServiceError(phrase("This shop is not selling at the moment."))
    if m.status == MerchantStatus.SUSPENDED:
        raise ServiceError(phrase("{shop} is suspended by the platform and takes no new orders for now.", shop=m.name))
    if m.status != MerchantStatus.APPROVED:
        raise ServiceError(phrase("{shop} is not selling at the moment.", shop=m.name))
    if not p.available or p.abnormal or not p.live:
        raise ServiceError(phrase("{name} is not available any more.", name=p.name))
    return p, m


# Built once (core/prebuilt.py): adding to the cart is the resident mix's one write, and building
# these three statements on every add was a tenth of it.
_OWN_CART = select(Cart).where(Cart.user_id == bindparam("user_id"), Cart.merchant_id == bindparam("merchant_id"))
_OPTION_GROUPS = select(ProductOption.group).where(ProductOption.product_id == bindparam("product_id"))
_SAME_LINE = select(CartLine).where(CartLine.cart_id == bindparam("cart_id"), CartLine.product_id == bindparam("product_id"),
                                    CartLine.option_key == bindparam("option_key"))


def own_cart(db: Session, actor: Actor, merchant_id: int, create: bool = False) -> Cart | None:
    """The resident's cart at this shop (made when `create`); None when there is none."""
    cart = db.exec(_OWN_CART, params={"user_id": actor.user_id, "merchant_id": merchant_id}).first()
    if cart is None and create:
        cart = Cart(user_id=actor.user_id, merchant_id=merchant_id)
        db.add(cart)
        db.flush()
    return cart


def _check_options(db: Session, product: Product, option_ids: list[int]) -> None:
    if not option_ids:
        groups = [group for (group,) in prebuilt.rows(db, _OPTION_GROUPS, product_id=product.id)]
        if groups:
            raise ServiceError(phrase("Choose {groups} for {name}.", groups=", ".join(sorted(set(groups))), name=product.name))
        return
    opts = list(db.exec(select(ProductOption).where(ProductOption.id.in_(option_ids))))
    if len(opts) != len(set(option_ids)) or any(o.product_id != product.id for o in opts):
        raise ServiceError(phrase("That option is not offered for {name}.", name=product.name))
    groups = [o.group for o in opts]
    if len(groups) != len(set(groups)):
        raise ServiceError(phrase("Choose one value per option (e.g. one size)."))


def add_to_cart(db: Session, actor: Actor, product_id: int, quantity: int = 1,
                option_ids: list[int] | tuple[int, ...] = ()) -> CartLine:
    """Add a product (with its options) to the resident's cart for that shop."""
    require_resident(actor)
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ServiceError(phrase("Choose a quantity from 1 to {most}.", most=MAX_QUANTITY))
    p, m = sellable(db, product_id)
    _check_options(db, p, list(option_ids))
    key = option_key(option_ids)
    price, _ = unit_price(db, p, key)
    cart = own_cart(db, actor, m.id, create=True)
    line = db.exec(_SAME_LINE, params={"cart_id": cart.id, "product_id": p.id, "option_key": key}).first()
    new_qty = quantity + (line.quantity if line else 0)
    if p.stock is not None and new_qty > p.stock:
        raise ServiceError(stock_note(p))
    if new_qty > MAX_QUANTITY:
        raise ServiceError(phrase("At most {most} of one item per order.", most=MAX_QUANTITY))
    if line is None:
        line = CartLine(cart_id=cart.id, product_id=p.id, option_key=key, quantity=new_qty, unit_price_minor=price)
    else:
        # Adding again is a fresh look at the product: take today's price.
        line.quantity, line.unit_price_minor = new_qty, price
    cart.updated_at = utcnow()
    db.add_all([line, cart])
    db.flush()
    return line


def _own_line(db: Session, actor: Actor, line_id: int) -> tuple[CartLine, Cart]:
    require_resident(actor)
    line = db.get(CartLine, line_id)
    cart = db.get(Cart, line.cart_id) if line else None
    if line is None or cart.user_id != actor.user_id:
        raise NotFound(phrase("cart item"))
    return line, cart


def set_quantity(db: Session, actor: Actor, line_id: int, quantity: int) -> CartLine | None:
    """Change a line's quantity; 0 removes it (returns None)."""
    line, cart = _own_line(db, actor, line_id)
    if quantity == 0:
        db.delete(line)
        return None
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ServiceError(phrase("Choose a quantity from 1 to {most}.", most=MAX_QUANTITY))
    p = db.get(Product, line.product_id)
    if p.stock is not None and quantity > p.stock:
        raise ServiceError(stock_note(p))
    line.quantity = quantity
    db.add(line)
    return line


def remove_line(db: Session, actor: Actor, line_id: int) -> None:
    line, _ = _own_line(db, actor, line_id)
    db.delete(line)


@dataclass(frozen=True)
class CartLineView:
    line_id: int
    product_id: int
    name: str
    options_text: str
    quantity: int
    unit_price_minor: int  # as added
    current_price_minor: int
    price_changed: bool
    available: bool
    stock_left: int | None
    line_total_minor: int  # at the current price


@dataclass(frozen=True)
class CartView:
    merchant_id: int
    merchant_name: str
    currency: str
    lines: list[CartLineView]
    subtotal_minor: int
    problems: list[str]  # what would stop checkout now (price changes, stock, availability)
    coupon_code: str | None = None  # applied at checkout; the discount shows there


def view_cart(db: Session, actor: Actor, merchant_id: int) -> CartView:
    """The resident's cart for a shop, with current prices and what needs attention."""
    require_resident(actor)
    m = get_or_not_found(db, Merchant, merchant_id, phrase("shop"))
    cart = own_cart(db, actor, merchant_id)
    lines = list(db.exec(select(CartLine).where(CartLine.cart_id == cart.id).order_by(CartLine.id))) if cart else []
    return _view(db, m, cart, lines, products_of(db, lines))


_MY_CART_ROWS = (select(Cart).where(Cart.user_id == bindparam("user_id"))
                 .order_by(Cart.updated_at.desc(), Cart.id.desc()))
_LINES_OF = (select(CartLine).where(CartLine.cart_id.in_(bindparam("ids", expanding=True)))
             .order_by(CartLine.id))
_SHOPS = select(Merchant).where(Merchant.id.in_(bindparam("ids", expanding=True)))


def view_carts(db: Session, actor: Actor) -> list[CartView]:
    """Every non-empty cart of the resident (`view_cart` of each), most recently changed first, in
    four reads however many shops: the cart page read five per cart (the load bench's residents
    with carts at ten shops spent a tenth of the worker on it)."""
    require_resident(actor)
    carts = list(db.exec(_MY_CART_ROWS, params={"user_id": actor.user_id}))
    lines = list(db.exec(_LINES_OF, params={"ids": [c.id for c in carts]})) if carts else []
    by_cart: dict[int, list[CartLine]] = {}
    for line in lines:
        by_cart.setdefault(line.cart_id, []).append(line)
    carts = [c for c in carts if by_cart.get(c.id)]
    shops = {m.id: m for m in db.exec(_SHOPS, params={"ids": sorted({c.merchant_id for c in carts})})} if carts else {}
    products = products_of(db, lines)
    return [_view(db, shops[c.merchant_id], c, by_cart[c.id], products) for c in carts]


def _view(db: Session, m: Merchant, cart: Cart | None, lines: list[CartLine], products: dict[int, Product]) -> CartView:
    """A cart's lines at today's prices, and what would stop its checkout now."""
    views, problems, subtotal = [], [], 0
    for line in lines:
        p = products[line.product_id]
        ok = p.available and not p.abnormal and p.live and m.status == MerchantStatus.APPROVED
        try:
            price, opts = unit_price(db, p, line.option_key)
        except ServiceError as exc:
            price, opts, ok = line.unit_price_minor, "", False
            problems.append(exc.message)
        if not ok:
            problems.append(phrase("{name} is not available any more.", name=p.name))
        if price != line.unit_price_minor:
            problems.append(phrase("The price of {name} changed from {was} to {now}.", name=p.name,
                                   was=money(line.unit_price_minor, m.currency), now=money(price, m.currency)))
        if p.stock is not None and line.quantity > p.stock:
            problems.append(stock_note(p))
        views.append(CartLineView(line.id, p.id, p.name, opts, line.quantity, line.unit_price_minor, price,
                                  price != line.unit_price_minor, ok, p.stock, price * line.quantity))
        subtotal += price * line.quantity
    return CartView(m.id, m.name, m.currency, views, subtotal, problems, cart.coupon_code if cart else None)


@dataclass(frozen=True)
class CartSummary:
    merchant_id: int
    merchant_name: str
    items: int


_PRODUCTS = select(Product).where(Product.id.in_(bindparam("ids", expanding=True)))


def products_of(db: Session, lines: list[CartLine]) -> dict[int, Product]:
    """The lines' products by id, in one read (the cart page and checkout read one per line before:
    a cart of 20 lines was 20 queries)."""
    if not lines:
        return {}
    return {p.id: p for p in db.exec(_PRODUCTS, params={"ids": sorted({line.product_id for line in lines})})}
# Built once (core/prebuilt.py): the cart badge of every resident page.
_MY_CARTS = (select(Cart.merchant_id, Merchant.name, func.sum(CartLine.quantity))
             .join(CartLine, CartLine.cart_id == Cart.id).join(Merchant, Merchant.id == Cart.merchant_id)
             .where(Cart.user_id == bindparam("user_id"))
             .group_by(Cart.id, Cart.merchant_id, Merchant.name, Cart.updated_at)
             .order_by(Cart.updated_at.desc(), Cart.id.desc()))


def my_carts(db: Session, actor: Actor) -> list[CartSummary]:
    """Every non-empty cart of the resident (one per shop), most recently changed first. One
    query: the cart badge asks after every add."""
    require_resident(actor)
    rows = prebuilt.rows(db, _MY_CARTS, user_id=actor.user_id)
    return [CartSummary(merchant_id, name, int(items)) for merchant_id, name, items in rows if items]
