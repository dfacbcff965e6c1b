"""What the lobby scanner read, and what it means: a product barcode, an order's pickup QR, a
member's phone QR, an event ticket QR, or nothing we know."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.kiosk.session import PHONE_PREFIX, is_membership_card, this_kiosk
from community_hub.marketplace import circle, orders
from community_hub.marketplace.cart import money
from community_hub.marketplace.shop_settings import MEDIA_URL_PREFIX
from community_hub.models import Community, Merchant, MerchantStatus, Product
from community_hub.models.orders import Fulfilment, Order, OrderState

_BARCODE = re.compile(r"^[0-9A-Za-z-]{4,64}$")
_PICKUP = re.compile(r"^hub-pickup:(\d{1,12}):([A-Za-z0-9]{0,12})$", re.IGNORECASE)
UNREADABLE = phrase("Could not read that code. Please try again.")
PICKUP_CODE_LENGTH = 6  # marketplace.orders.new_pickup_code
_CODE = re.compile(rf"^[A-Z0-9]{{{PICKUP_CODE_LENGTH}}}$")


@dataclass(frozen=True)
class ProductShown:
    id: int
    name: str
    price: str
    price_minor: int
    currency: str
    shop: str
    merchant_id: int
    in_stock: bool
    image_url: str


@dataclass(frozen=True)
class PickedUp:
    order_id: int
    shop: str
    where: str  # which counter to go to
    items: list[str]


def kind_of(code: str) -> str:
    """product | pickup | member | membership | card_number | ticket | unreadable (no database needed).
    membership: a membership card's QR; card_number: a bare number that may be a product's barcode or
    a membership card's number (a product of a nearby shop wins: `nearby_product`)."""
    code = (code or "").strip()
    if is_membership_card(code):
        return "card_number" if code.isdigit() else "membership"
    if code.startswith(PHONE_PREFIX):
        return "member"
    if code.lower().startswith("hub-ticket:"):
        return "ticket"
    if code.lower().startswith("hub-pickup:"):
        return "pickup" if _PICKUP.match(code) else "unreadable"
    if _BARCODE.match(code):
        return "product"
    return "unreadable"


def photo_url(product: Product) -> str:
    """The product's first photo as a public address, or "" (the screen shows an icon instead)."""
    return f"{MEDIA_URL_PREFIX}{product.photos[0]}" if product.photos else ""


def shown(p: Product, m: Merchant) -> ProductShown:
    return ProductShown(id=p.id, name=p.name, price=money(p.price_minor, p.currency), price_minor=p.price_minor,
                        currency=p.currency, shop=m.name, merchant_id=m.id,
                        in_stock=p.stock is None or p.stock > 0, image_url=photo_url(p))


def find_product(db: Session, kiosk_actor: Actor, code: str) -> ProductShown:
    """The product with this barcode from a shop in the kiosk's circle, to show big."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    code = (code or "").strip()
    if not _BARCODE.match(code):
        raise ServiceError(UNREADABLE, code="unreadable")
    community = db.get(Community, kiosk.community_id)
    rows = db.exec(select(Product, Merchant).join(Merchant, Merchant.id == Product.merchant_id)
                   .where(Product.barcode == code, Merchant.status == MerchantStatus.APPROVED,
                          Product.available, Product.abnormal.is_(False), Product.live)).all()
    in_circle = set(circle.circle_merchant_ids(db, community)) if rows else set()
    row = next((r for r in rows if r[1].id in in_circle), None)
    if row is None:
        raise ServiceError(phrase("We do not sell that item here (no shop nearby has that barcode)."),
                           code="unknown_product")
    return shown(*row)


def nearby_product(db: Session, kiosk_actor: Actor, code: str) -> ProductShown | None:
    """`find_product`, or None when no nearby shop sells that code (it may then be a card number)."""
    try:
        return find_product(db, kiosk_actor, code)
    except ServiceError as exc:
        if exc.code == "unknown_product":
            return None
        raise


def pick_up(db: Session, kiosk_actor: Actor, payload: str) -> PickedUp:
    """An order's pickup QR was scanned at this kiosk: hand it over (ready_for_pickup → delivered).
    Refuses another community's order, one already picked up, one not ready, or a wrong code."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    match = _PICKUP.match((payload or "").strip())
    if not match:
        raise ServiceError(UNREADABLE, code="unreadable")
    order_id, code = int(match.group(1)), match.group(2).upper()
    order = db.exec(select(Order).where(Order.id == order_id).with_for_update()
                    .execution_options(populate_existing=True)).first()
    if order is None or order.fulfilment != Fulfilment.PICKUP or not order.pickup_code or order.pickup_code != code:
        raise ServiceError(phrase("That pickup code is not valid."), code="bad_pickup")
    if order.community_id != kiosk.community_id:
        raise ServiceError(phrase("That order is for another community; it cannot be collected here."),
                           code="other_community")
    if order.state in (OrderState.DELIVERED, OrderState.SIGNED, OrderState.SETTLED):
        raise ServiceError(phrase("Order #{id} was already picked up.", id=order.id), code="already_picked_up")
    if order.state != OrderState.READY_FOR_PICKUP:
        raise ServiceError(phrase("Order #{id} is {state}, not ready to collect yet.", id=order.id,
                                  state=orders.STATE_LABELS[order.state]),
                           code="not_ready")
    orders.transition(db, order, OrderState.DELIVERED, role=orders.KIOSK, actor_user_id=kiosk_actor.user_id,
                      note=f"picked up at kiosk {kiosk.code}")
    shop = db.get(Merchant, order.merchant_id)
    from community_hub.models.orders import OrderLine

    items = [f"{ln.quantity} × {ln.name}" for ln in db.exec(select(OrderLine).where(OrderLine.order_id == order.id))]
    return PickedUp(order_id=order.id, shop=shop.name, where=phrase("the {shop} shelf at the lobby counter", shop=shop.name),
                    items=items)


def pick_up_by_code(db: Session, kiosk_actor: Actor, code: str) -> PickedUp:
    """The pickup code typed on the kiosk's keypad (a phone that cannot be scanned): the order of
    this kiosk's community with that code, handed over exactly as its scanned QR would be."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    code = (code or "").strip().upper()
    if not _CODE.match(code):
        raise ServiceError(phrase("A pickup code has {length} letters and digits; please check it.", length=PICKUP_CODE_LENGTH),
                           code="bad_pickup")
    ids = db.exec(select(Order.id).where(Order.community_id == kiosk.community_id,
                                         Order.fulfilment == Fulfilment.PICKUP, Order.pickup_code == code)
                  .order_by(Order.id.desc()).limit(5)).all()
    if not ids:
        raise ServiceError(phrase("That pickup code is not valid."), code="bad_pickup")
    if len(ids) > 1:  # two orders drew the same code: only ready ones can be meant
        ready = db.exec(select(Order.id).where(Order.id.in_(ids), Order.state == OrderState.READY_FOR_PICKUP)).all()
        if len(ready) != 1:
            raise ServiceError(phrase("That code fits more than one order; please scan the QR on your phone or ask "
                               "the shop."), code="ambiguous_pickup")
        ids = ready
    return pick_up(db, kiosk_actor, f"hub-pickup:{ids[0]}:{code}")  # the scan's own checks and hand-over


def total_text(order: Order) -> str:
    return money(order.total_minor, order.currency)
