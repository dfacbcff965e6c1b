"""Checkout: a cart becomes one order in one transaction, or nothing changes.

Order of checks (cheapest and most useful message first): idempotency (a double-clicked "place
order" returns the first order), shop open, prices unchanged since added, minimum order, delivery
radius, coupon, then stock. Stock is taken with a guarded UPDATE (`stock >= quantity`), so of two
residents buying the last item exactly one succeeds and stock is never negative. The resident's
cart row is locked first, which serialises two checkouts of the same cart.
Also here: merchants' coupons (create, list, deactivate) and the rules that check them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, func, select, update

from community_hub.core import prebuilt
from community_hub.core.errors import ServiceError
from community_hub.core.geo import haversine_m
from community_hub.core.i18n import phrase
from community_hub.core.money import money_shown
from community_hub.core.permissions import Actor, require_merchant_of, require_resident
from community_hub.core.rows import get_or_not_found
from community_hub.marketplace import promotions
from community_hub.marketplace.cart import money, own_cart, products_of, unit_price
from community_hub.marketplace.coupon_edits import check_coupon_terms
from community_hub.marketplace.joined_text import joined
from community_hub.marketplace.made_to_order import terms as made_to_order
from community_hub.marketplace.opening_hours import is_open_now
from community_hub.marketplace.orders import merchant_user_ids, new_pickup_code
from community_hub.membership import member_price
from community_hub.models import Community, Merchant, MerchantStatus, Product, User
from community_hub.models.base import utcnow
from community_hub.models.orders import (
    Cart,
    CartLine,
    Coupon,
    CouponKind,
    CouponRedemption,
    Fulfilment,
    Order,
    OrderEvent,
    OrderLine,
    OrderState,
)
from community_hub.notify.outbox import notify_user

PAYMENT_METHODS = ("card", "wallet")
MAX_NOTE = 500
# How the shop's new-order message names the way it goes, in the merchant's language.
FULFILMENT_WORDS = {Fulfilment.DELIVERY: phrase("delivery"), Fulfilment.PICKUP: phrase("pickup")}
MAX_WINDOW_AHEAD = timedelta(days=7)


@dataclass(frozen=True)
class Totals:
    subtotal_minor: int
    discount_minor: int
    delivery_fee_minor: int
    total_minor: int
    currency: str
    coupon_code: str | None  # the coupon giving the discount, if any
    # Why the coupon saved on the cart gives nothing now (expired, minimum spend not reached...).
    coupon_note: str = ""
    # The cardholder's member price (membership/member_price.py), its own line: "Member price (Gold, 5 %)".
    member_discount_minor: int = 0
    member_label: str = ""
    # One platform coupon on top of the shop's coupon (marketplace/promotions): the platform pays it.
    platform_discount_minor: int = 0
    platform_coupon_id: int = 0  # the resident's collected coupon used (0: none)
    platform_coupon_name: str = ""
    platform_choices: tuple[promotions.Usable, ...] = ()  # usable now, best first
    # Made to order (issue 20): paid now and when the shop says it is ready (0, 0: all now).
    deposit_minor: int = 0
    balance_minor: int = 0
    deposit_rule: str = ""  # the shop's rule for a cancellation after work started ("keep"/"refund")


# ---------------------------------------------------------------- coupons


def create_coupon(
    db: Session, actor: Actor, merchant_id: int, *, code: str, kind: str, value: int,
    min_spend_minor: int = 0, starts_at: datetime | None = None, ends_at: datetime | None = None,
    per_user_limit: int = 1, total_limit: int | None = None,
) -> Coupon:
    """A merchant creates a coupon: a fixed amount off or a percentage, with its limits."""
    require_merchant_of(actor, merchant_id)
    code = code.strip().upper()
    if not code.isalnum() or not 3 <= len(code) <= 30:
        raise ServiceError(phrase("A coupon code is 3 to 30 letters and digits."))
    check_coupon_terms(kind, value, min_spend_minor, starts_at, ends_at, per_user_limit, total_limit)
    if db.exec(select(Coupon).where(Coupon.merchant_id == merchant_id, Coupon.code == code)).first():
        raise ServiceError(phrase("This shop already has a coupon {code}.", code=code))
    c = Coupon(merchant_id=merchant_id, code=code, kind=kind, value=value, min_spend_minor=min_spend_minor,
               starts_at=starts_at, ends_at=ends_at, per_user_limit=per_user_limit, total_limit=total_limit)
    db.add(c)
    db.flush()
    return c


def list_coupons(db: Session, actor: Actor, merchant_id: int) -> list[Coupon]:
    require_merchant_of(actor, merchant_id)
    return list(db.exec(select(Coupon).where(Coupon.merchant_id == merchant_id).order_by(Coupon.id.desc())))


def deactivate_coupon(db: Session, actor: Actor, coupon_id: int) -> Coupon:
    c = get_or_not_found(db, Coupon, coupon_id, phrase("coupon"))
    require_merchant_of(actor, c.merchant_id)
    c.active = False
    db.add(c)
    return c


def check_coupon(db: Session, merchant: Merchant, user_id: int, code: str, subtotal_minor: int,
                 now: datetime, lock: bool = False) -> tuple[Coupon, int]:
    """The coupon and the discount it gives on `subtotal_minor`, or a refusal saying why not."""
    code = code.strip().upper()
    q = select(Coupon).where(Coupon.merchant_id == merchant.id, Coupon.code == code)
    if lock:
        q = q.with_for_update().execution_options(populate_existing=True)
    c = db.exec(q).first()
    if c is None or not c.active:
        raise ServiceError(phrase("The coupon {code} is not valid at {shop}.", code=code, shop=merchant.name), code="coupon")
    if c.starts_at and now < c.starts_at:
        raise ServiceError(phrase("The coupon {code} is not valid yet.", code=code), code="coupon")
    if c.ends_at and now >= c.ends_at:
        raise ServiceError(phrase("The coupon {code} has expired.", code=code), code="coupon")
    if subtotal_minor < c.min_spend_minor:
        raise ServiceError(phrase("The coupon {code} needs a minimum spend of {amount}.", code=code,
                                  amount=money(c.min_spend_minor, merchant.currency)), code="coupon")
    if c.total_limit is not None and c.used_count >= c.total_limit:
        raise ServiceError(phrase("The coupon {code} has been used up.", code=code), code="coupon")
    mine = db.exec(select(func.count()).select_from(CouponRedemption)
                   .where(CouponRedemption.coupon_id == c.id, CouponRedemption.user_id == user_id)).one()
    if mine >= c.per_user_limit:
        raise ServiceError(phrase("You have already used the coupon {code} {times} times.", code=code,
                                  times=c.per_user_limit) if c.per_user_limit > 1 else
                           phrase("You have already used the coupon {code}.", code=code), code="coupon")
    discount = c.value if c.kind == CouponKind.AMOUNT else subtotal_minor * c.value // 100
    return c, min(discount, subtotal_minor)


# ---------------------------------------------------------------- checkout


def _cart_lines(db: Session, cart: Cart | None) -> list[CartLine]:
    if cart is None:
        return []
    return list(db.exec(select(CartLine).where(CartLine.cart_id == cart.id).order_by(CartLine.product_id, CartLine.id)))


def _check_fulfilment(db: Session, actor: Actor, merchant: Merchant, fulfilment: str, address: str,
                      lat: float | None, lon: float | None) -> None:
    if fulfilment == Fulfilment.PICKUP:
        if not merchant.pickup_enabled:
            raise ServiceError(phrase("{shop} does not offer pickup; choose delivery.", shop=merchant.name))
        return
    if fulfilment != Fulfilment.DELIVERY:
        raise ServiceError(phrase("Choose delivery or pickup."))
    if not address.strip():
        raise ServiceError(phrase("Enter the delivery address."))
    if lat is None or lon is None:
        # Without a pin the address is in the resident's own community: measure from its centre.
        community = db.get(Community, actor.community_id)
        lat, lon = community.lat, community.lon
    distance = haversine_m(merchant.lat, merchant.lon, lat, lon)
    if distance > merchant.delivery_radius_m:
        radius_km, distance_km = f"{merchant.delivery_radius_m / 1000:g}", f"{distance / 1000:.1f}"
        raise ServiceError(phrase("{shop} delivers within {radius} km; this address is {distance} km away. "
                                  "Choose pickup or another shop.", shop=merchant.name,
                                  radius=radius_km, distance=distance_km),
                           code="radius")


def _check_window(fulfilment: str, start: datetime | None, end: datetime | None, now: datetime) -> None:
    if start is None and end is None:
        return
    if start is None or end is None or end <= start:
        raise ServiceError(phrase("Choose a time window with a start before its end."))
    if end <= now:
        raise ServiceError(phrase("That time window has already passed."))
    if start > now + MAX_WINDOW_AHEAD:
        raise ServiceError(phrase("Orders can be scheduled up to 7 days ahead."))


def _price_lines(db: Session, merchant: Merchant, lines: list[CartLine]) -> tuple[list[tuple[CartLine, Product, int, str]], list[str]]:
    """Each line with its product and current price; and the price changes found."""
    priced, changes = [], []
    products = products_of(db, lines)
    for line in lines:
        p = products[line.product_id]
        if not p.available or p.abnormal or not p.live:
            raise ServiceError(phrase("{name} is not available any more; remove it from your cart.", name=p.name),
                               code="unavailable")
        price, opts = unit_price(db, p, line.option_key)
        if price != line.unit_price_minor:
            changes.append(phrase("{name} now costs {now} (was {was})", name=p.name, now=money(price, merchant.currency),
                                  was=money(line.unit_price_minor, merchant.currency)))
            line.unit_price_minor = price
            db.add(line)
        priced.append((line, p, price, opts))
    return priced, changes


def _platform_coupon(db: Session, actor: Actor, merchant: Merchant, amount: int, pick: int | None, now: datetime,
                     lock: bool) -> tuple[tuple[promotions.Usable, ...], tuple | None]:
    """The resident's usable platform coupons on `amount` (what is left after the shop's coupon),
    and the one taken: `pick` None takes the best, 0 none, else that collected coupon (or its refusal)."""
    choices = tuple(promotions.usable_at_checkout(db, actor.user_id, merchant.currency, amount, now))
    if pick is None:
        pick = choices[0].collected_id if choices else 0
    if not pick:
        return choices, None
    return choices, promotions.check_at_checkout(db, actor.user_id, pick, merchant.currency, amount, now, lock=lock)


def _totals(db: Session, actor: Actor, merchant: Merchant, subtotal: int, fulfilment: str, coupon_code: str | None,
            now: datetime, lock: bool, platform_pick: int | None = None) -> tuple[Totals, Coupon | None, tuple | None]:
    """Shop coupon first (on the subtotal), then one platform coupon (on what is left), then the
    member price (on what is left after both)."""
    coupon, discount = None, 0
    if coupon_code and coupon_code.strip():
        coupon, discount = check_coupon(db, merchant, actor.user_id, coupon_code, subtotal, now, lock=lock)
    choices, platform = _platform_coupon(db, actor, merchant, subtotal - discount, platform_pick, now, lock)
    platform_minor = platform[2] if platform else 0
    fee = merchant.delivery_fee_minor if fulfilment == Fulfilment.DELIVERY else 0
    member = member_price.price_line(db, actor.user_id, subtotal - discount - platform_minor, merchant.currency)
    member_minor = member.amount_minor if member else 0
    return Totals(subtotal, discount, fee, subtotal - discount - platform_minor - member_minor + fee, merchant.currency,
                  coupon.code if coupon else None, member_discount_minor=member_minor,
                  member_label=member.label if member else "", platform_discount_minor=platform_minor,
                  platform_coupon_id=platform[0].id if platform else 0,
                  platform_coupon_name=platform[1].name if platform else "", platform_choices=choices), coupon, platform


def preview(db: Session, actor: Actor, merchant_id: int, *, fulfilment: str = Fulfilment.DELIVERY,
            coupon_code: str | None = None, now: datetime | None = None, platform_coupon: int | None = None) -> Totals:
    """The checkout summary (subtotal, discount, delivery fee, total) at current prices, with the
    coupon saved on the cart (`cart_coupon.apply_coupon`) unless `coupon_code` names another.
    A bad `coupon_code` is refused with its reason, so the page can show it next to the field.
    `platform_coupon`: None takes the resident's best collected platform coupon, 0 none, else that one."""
    require_resident(actor)
    merchant = get_or_not_found(db, Merchant, merchant_id, phrase("shop"))
    cart = own_cart(db, actor, merchant_id)
    lines = _cart_lines(db, cart)
    subtotal = 0
    made: list[tuple[Product, int]] = []
    products = products_of(db, lines)
    for line in lines:
        p = products[line.product_id]
        made.append((p, unit_price(db, p, line.option_key)[0] * line.quantity))
        subtotal += made[-1][1]
    totals = _preview_totals(db, actor, merchant, cart, subtotal, fulfilment, coupon_code, now, platform_coupon)
    deposit, balance = made_to_order.split(made, totals.total_minor)
    return replace(totals, deposit_minor=deposit, balance_minor=balance,
                   deposit_rule=merchant.deposit_rule if balance else "")


def _preview_totals(db: Session, actor: Actor, merchant: Merchant, cart: Cart | None, subtotal: int, fulfilment: str,
                    coupon_code: str | None, now: datetime | None, platform_coupon: int | None) -> Totals:
    if coupon_code is not None or cart is None or not cart.coupon_code:
        return _totals(db, actor, merchant, subtotal, fulfilment, coupon_code, now or utcnow(), lock=False,
                       platform_pick=platform_coupon)[0]
    # The coupon saved on the cart: when it no longer applies, the totals say why instead of failing,
    # so the page shows both the reason and the totals without it.
    try:
        return _totals(db, actor, merchant, subtotal, fulfilment, cart.coupon_code, now or utcnow(), lock=False,
                       platform_pick=platform_coupon)[0]
    except ServiceError as exc:
        if exc.code != "coupon":
            raise
        plain = _totals(db, actor, merchant, subtotal, fulfilment, None, now or utcnow(), lock=False,
                        platform_pick=platform_coupon)[0]
        return replace(plain, coupon_note=exc.message)


# Built once (core/prebuilt.py): every checkout asks whether this attempt already made its order,
# and takes its stock (the guarded update: never below zero; no stock count means unlimited).
_ORDER_OF_KEY = select(Order.id).where(Order.user_id == bindparam("user_id"), Order.idempotency_key == bindparam("key"))
_QUANTITY = bindparam("quantity")
_TAKE_STOCK = (update(Product).where(Product.id == bindparam("product_id"),
                                     Product.stock.is_(None) | (Product.stock >= _QUANTITY))
               .values(stock=Product.stock - _QUANTITY, sold_count=Product.sold_count + _QUANTITY))


def place_order(
    db: Session, actor: Actor, merchant_id: int, *, idempotency_key: str, payment_method: str,
    fulfilment: str = Fulfilment.DELIVERY, address: str = "", lat: float | None = None, lon: float | None = None,
    window_start: datetime | None = None, window_end: datetime | None = None, coupon_code: str | None = None,
    note: str = "", now: datetime | None = None, platform_coupon: int | None = None,
) -> Order:
    """Turn the resident's cart at this shop into an order in state `placed` (payment comes next).

    `idempotency_key` comes from the checkout page (one per checkout attempt): calling again with
    the same key returns the same order. Every refusal leaves no order, no stock taken, no coupon
    used; a price change updates the cart to the new prices so the resident can review and retry.
    `platform_coupon` as in `preview` (None: the best collected one, 0: none).
    """
    require_resident(actor)
    now = now or utcnow()
    key = (idempotency_key or "").strip()
    if not 8 <= len(key) <= 80:
        raise ServiceError(phrase("Checkout lost its reference; reload the page and try again."))
    if len(note.strip()) > MAX_NOTE:
        raise ServiceError(phrase("A note for the shop is at most {most} characters.", most=MAX_NOTE))
    if payment_method not in PAYMENT_METHODS:
        raise ServiceError(phrase("Choose a payment method: {methods}.", methods=", ".join(PAYMENT_METHODS)))
    merchant = get_or_not_found(db, Merchant, merchant_id, phrase("shop"))
    # The cart row lock makes a double-click wait for the first click, then find its order below.
    cart = db.exec(select(Cart).where(Cart.user_id == actor.user_id, Cart.merchant_id == merchant_id)
                   .with_for_update()).first()
    existing = prebuilt.scalar(db, _ORDER_OF_KEY, user_id=actor.user_id, key=key)
    if existing is not None:
        return db.get(Order, existing, populate_existing=True)
    lines = _cart_lines(db, cart)
    if not lines:
        raise ServiceError(phrase("Your cart is empty."))
    if merchant.status == MerchantStatus.SUSPENDED:  # issue 18: marketplace/merchant_supervision.suspend
        raise ServiceError(phrase("{shop} is suspended by the platform and takes no new orders for now.",
                                  shop=merchant.name), code="suspended")
    if merchant.status != MerchantStatus.APPROVED:
        raise ServiceError(phrase("{shop} is not selling at the moment.", shop=merchant.name))
    if not is_open_now(db, merchant, now):
        raise ServiceError(phrase("{shop} is closed now; try again when it opens.", shop=merchant.name), code="closed")
    _check_fulfilment(db, actor, merchant, fulfilment, address, lat, lon)
    _check_window(fulfilment, window_start, window_end, now)
    priced, changes = _price_lines(db, merchant, lines)
    if changes:
        # keep=True: commit the refreshed cart prices (and nothing else) so the cart shows them.
        raise ServiceError(phrase("Prices changed since you added them: {changes}. Your cart now shows the new prices; "
                                  "review it and place the order again.", changes=joined(changes, "; ")),
                           code="price_changed", keep=True)
    for line, p, _price, _opts in priced:
        # Sold out as read now (no lock): said at once, before the order is built. In a rush on the
        # last items most buyers come after they are gone, and each built an order only to roll it
        # back at the stock (bench/load/contention.py). The guarded update below still decides
        # between buyers who read the last ones at the same moment.
        if p.stock is not None and p.stock < line.quantity:
            raise _short_of(p.name, p.stock)
    subtotal = sum(price * line.quantity for line, _p, price, _o in priced)
    if subtotal < merchant.min_order_minor:
        raise ServiceError(phrase("{shop} takes orders from {minimum}; add {more} more.", shop=merchant.name,
                                  minimum=money(merchant.min_order_minor, merchant.currency),
                                  more=money(merchant.min_order_minor - subtotal, merchant.currency)), code="minimum")
    if coupon_code is None:  # the coupon the resident applied to this cart, checked again now
        coupon_code = cart.coupon_code
    totals, coupon, platform = _totals(db, actor, merchant, subtotal, fulfilment, coupon_code, now, lock=True,
                                       platform_pick=platform_coupon)
    # Made to order: a deposit now, the balance when ready, under the shop's rule as it is now.
    deposit, balance = made_to_order.split([(p, price * line.quantity) for line, p, price, _o in priced],
                                           totals.total_minor)

    # Read before the order is built: a read after it would flush it and its lines separately.
    staff = merchant_user_ids(db, merchant.id)
    order = Order(
        user_id=actor.user_id, merchant_id=merchant.id, community_id=actor.community_id, state=OrderState.PLACED,
        fulfilment=fulfilment, address=address.strip() if fulfilment == Fulfilment.DELIVERY else "",
        window_start=window_start, window_end=window_end, currency=merchant.currency,
        subtotal_minor=totals.subtotal_minor, discount_minor=totals.discount_minor + totals.platform_discount_minor,
        delivery_fee_minor=totals.delivery_fee_minor, total_minor=totals.total_minor,
        payment_method=payment_method, coupon_id=coupon.id if coupon else None,
        pickup_code=new_pickup_code() if fulfilment == Fulfilment.PICKUP else None,
        note=note.strip(), idempotency_key=key, created_at=now, updated_at=now,
        deposit_minor=deposit, balance_minor=balance, deposit_rule=merchant.deposit_rule if balance else "",
    )
    db.add(order)
    db.flush()
    for line, p, price, opts in priced:
        db.add(OrderLine(order_id=order.id, product_id=p.id, name=p.name, options_text=opts,
                         unit_price_minor=price, quantity=line.quantity, line_total_minor=price * line.quantity))
        db.delete(line)
    if totals.member_discount_minor:  # kept with the order; a platform-funded one is paid to the shop at signing
        member = member_price.price_line(db, actor.user_id, totals.subtotal_minor - totals.discount_minor
                                         - totals.platform_discount_minor, merchant.currency)
        member_price.record(db, order.id, merchant.id, member)
    cart.coupon_code = None  # used by this order; the next cart starts without one
    db.add(cart)
    if coupon:
        db.exec(update(Coupon).where(Coupon.id == coupon.id).values(used_count=Coupon.used_count + 1))
        db.add(CouponRedemption(coupon_id=coupon.id, user_id=actor.user_id, order_id=order.id,
                                discount_minor=totals.discount_minor, at=now))
    if platform:  # the platform pays this part when the order is signed (promotions/coupon_money.py)
        promotions.mark_used(db, platform[0], platform[1], order.id, merchant.id, totals.platform_discount_minor, now)
    db.add(OrderEvent(order_id=order.id, to_state=OrderState.PLACED, by_role="resident",
                      actor_user_id=actor.user_id, at=now))
    # The Actor carries the name (rebuilt whenever a user row changes: core/authz_epoch): no query.
    customer = actor.display_name or db.get(User, actor.user_id).display_name
    for uid in staff:
        notify_user(db, uid, "order_new_for_merchant", link=f"/merchant/orders/{order.id}", order_id=order.id,
                    customer=customer, total=money_shown(order.total_minor, order.currency),
                    fulfilment=FULFILMENT_WORDS.get(fulfilment, fulfilment))
    db.flush()
    # Stock last, in product-id order (lines are sorted) so two checkouts never deadlock: the
    # product rows stay locked only from here to the commit, which is what limits a rush on the
    # same last items. A refusal here rolls the order above back with everything else.
    for line, p, _price, _opts in priced:
        taken = db.connection().execute(_TAKE_STOCK, {"product_id": p.id, "quantity": line.quantity})
        if taken.rowcount != 1:
            raise _short_of(p.name, db.exec(select(Product.stock).where(Product.id == p.id)).one())
        db.expire(p, ["stock", "sold_count"])  # taken in the database: read again if asked
    return order


def _short_of(name: str, left: int | None) -> ServiceError:
    return ServiceError(phrase("{name} is sold out.", name=name) if not left
                        else phrase("Only {left} of {name} left; change the quantity and try again.",
                                    left=left, name=name), code="stock")
