"""What a community partner's key reads (partner_api/partner_keys.py): the products the
community's residents can buy (the shops of its 10-minute circle, as the resident sees them), the
orders its residents placed, new or changed since a cursor, and the money received against its
bills (each payment, by card, at the terminal or at the office; `bill.paid` when it settled the bill).

The orders' cursor is the id of the latest order event (`ApiEvent`, written just before the
order's change commits). Ids are not committed in order across shops, so a page only reaches events
written more than SETTLE_SECONDS ago: by then every transaction that took a smaller id has
committed or rolled back, and a partner reading `?after=<n>` never steps over one.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, func, select

from community_hub.core.errors import NotFound
from community_hub.core.i18n import phrase
from community_hub.marketplace.circle import merchants_in_circle
from community_hub.models import Community, Household, Merchant, Product
from community_hub.models.base import utcnow
from community_hub.models.billing import Bill, BillPayment
from community_hub.models.orders import Order
from community_hub.models.partner_api import ApiEvent
from community_hub.partner_api.events import TEST_EVENT, check_cursor, check_limit
from community_hub.partner_api.keys import KeyPrincipal, require_scope
from community_hub.partner_api.orders import orders_json
from community_hub.partner_api.products import product_json
from community_hub.partner_api.scopes import BILLS_READ, ORDERS_READ, PRODUCTS_READ

SETTLE_SECONDS = 5


def _shops(db: Session, principal: KeyPrincipal) -> dict[int, str]:
    """The community's circle as its residents see it: shop id -> name."""
    community = db.get(Community, principal.community_id)
    if community is None:
        return {}
    return {c.merchant.id: c.merchant.name for c in merchants_in_circle(db, community, listed_only=True)}


def list_products(db: Session, principal: KeyPrincipal, after: object = 0, limit: object = 100) -> list[dict]:
    """Products on sale in the community's shops, by id after the cursor (a product id)."""
    require_scope(principal, PRODUCTS_READ)
    after, limit = check_cursor(after), check_limit(limit)
    shops = _shops(db, principal)
    if not shops:
        return []
    found = db.exec(select(Product).where(Product.merchant_id.in_(list(shops)), Product.available,
                                          Product.abnormal.is_(False), Product.live, Product.id > after)
                    .order_by(Product.id).limit(limit)).all()
    return [{**product_json(p), "merchant_id": p.merchant_id, "shop": shops[p.merchant_id]} for p in found]


def changed_orders(db: Session, principal: KeyPrincipal, after: object = 0, limit: object = 100) -> list[dict]:
    """The community's orders new or changed after the cursor, each once, by its latest event
    (`cursor`), with the shop's id and name."""
    require_scope(principal, ORDERS_READ)
    after, limit = check_cursor(after), check_limit(limit)
    latest = func.max(ApiEvent.id).label("latest")
    settled = utcnow() - timedelta(seconds=SETTLE_SECONDS)
    rows = db.exec(select(ApiEvent.order_id, latest).join(Order, Order.id == ApiEvent.order_id).where(
        Order.community_id == principal.community_id, ApiEvent.id > after, ApiEvent.at <= settled,
        ApiEvent.type != TEST_EVENT).group_by(ApiEvent.order_id).order_by(latest).limit(limit)).all()
    return _shown(db, [(int(oid), int(cursor)) for oid, cursor in rows])


def get_order(db: Session, principal: KeyPrincipal, order_id: int) -> dict:
    require_scope(principal, ORDERS_READ)
    order = db.get(Order, order_id) if isinstance(order_id, int) else None
    if order is None or order.community_id != principal.community_id:
        raise NotFound(phrase("order"))  # another community's order is "not found", never "forbidden"
    return _shown(db, [(order.id, None)])[0]


def _shown(db: Session, ids: list[tuple[int, int | None]]) -> list[dict]:
    found = list(db.exec(select(Order).where(Order.id.in_([oid for oid, _ in ids]))))
    names = _shop_names(db, sorted({o.merchant_id for o in found}))
    shown = {d["id"]: d for d in orders_json(db, found)}
    by_id = {o.id: o for o in found}
    out = []
    for oid, cursor in ids:
        if oid in shown:
            merchant_id = by_id[oid].merchant_id
            item = {**shown[oid], "merchant_id": merchant_id, "shop": names.get(merchant_id, "")}
            if cursor is not None:
                item["cursor"] = cursor
            out.append(item)
    return out


def _shop_names(db: Session, merchant_ids: list[int]) -> dict[int, str]:
    if not merchant_ids:
        return {}
    return dict(db.exec(select(Merchant.id, Merchant.name).where(Merchant.id.in_(merchant_ids))).all())


def bill_payments(db: Session, principal: KeyPrincipal, after: object = 0, limit: object = 100) -> list[dict]:
    """Money received against the community's bills after the cursor (a payment's number), oldest
    first, settled as the orders' cursor is. `type` is bill.paid when that payment paid the bill off."""
    require_scope(principal, BILLS_READ)
    after, limit = check_cursor(after), check_limit(limit)
    settled = utcnow() - timedelta(seconds=SETTLE_SECONDS)
    rows = db.exec(select(BillPayment, Bill, Household).join(Bill, Bill.id == BillPayment.bill_id)
                   .join(Household, Household.id == Bill.household_id)
                   .where(Bill.community_id == principal.community_id, BillPayment.id > after,
                          BillPayment.at <= settled).order_by(BillPayment.id).limit(limit)).all()
    last_of_paid_bill = _paying_payments(db, {bill.id for _, bill, _ in rows if bill.paid_at is not None})
    return [{"cursor": pay.id, "type": "bill.paid" if last_of_paid_bill.get(bill.id) == pay.id else "bill.payment",
             "bill_id": bill.id, "period": bill.period, "title": bill.title, "building": home.building,
             "unit": home.unit, "amount_minor": pay.amount_minor, "currency": bill.currency, "method": pay.method,
             "bill_total_minor": bill.total_minor, "bill_paid_minor": bill.paid_minor, "bill_status": bill.status,
             "at": pay.at.isoformat()} for pay, bill, home in rows]


def _paying_payments(db: Session, bill_ids: set[int]) -> dict[int, int]:
    """Each paid bill's last payment (the one that paid it off)."""
    if not bill_ids:
        return {}
    return {int(b): int(p) for b, p in db.exec(select(BillPayment.bill_id, func.max(BillPayment.id))
                                                 .where(BillPayment.bill_id.in_(list(bill_ids)))
                                                 .group_by(BillPayment.bill_id)).all()}
