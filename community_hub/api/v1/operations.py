"""The operations of /api/v1: each a small handler over a partner_api service, with what the
OpenAPI document says about it. A list answer is {"data": [...], "next_cursor": ...}."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session

from community_hub.api.v1 import schemas as s
from community_hub.api.v1.pipeline import Call, Operation
from community_hub.partner_api import (
    community_reads,
    events,
    orders,
    partner_webhooks,
    photo_urls,
    products,
    webhooks,
)
from community_hub.partner_api.keys import KeyPrincipal
from community_hub.partner_api.scopes import (
    BILLS_READ,
    COMMUNITY_EVENTS,
    ORDERS_READ,
    ORDERS_WRITE,
    PRODUCTS_READ,
    PRODUCTS_WRITE,
    WEBHOOKS_MANAGE,
)


def _page(items: list[dict], limit: int, cursor_of) -> dict:
    return {"data": items, "next_cursor": str(cursor_of(items[-1])) if items and len(items) >= limit else None}


def _limit(call: Call) -> str:
    return call.query.get("limit", "100")


# ---------------------------------------------------------------- products

def list_products(db: Session, who: KeyPrincipal, call: Call):
    found = products.list_products(db, who, call.query.get("after", "0"), _limit(call))
    return 200, _page([products.product_json(p) for p in found], events.check_limit(_limit(call)), lambda p: p["id"])


def get_product(db: Session, who: KeyPrincipal, call: Call):
    return 200, products.product_json(products.get_product(db, who, call.path["product_id"]))


def create_product(db: Session, who: KeyPrincipal, call: Call):
    p = products.create_product(db, who, call.body.model_dump())
    return 201, products.product_json(p)


def update_product(db: Session, who: KeyPrincipal, call: Call):
    fields = call.body.model_dump(exclude_unset=True)
    return 200, products.product_json(products.update_product(db, who, call.path["product_id"], fields))


def bulk_upsert(db: Session, who: KeyPrincipal, call: Call):
    rows = [row.model_dump(exclude_unset=True) for row in call.body.products]
    result = products.bulk_upsert(db, who, rows)
    return 200, {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


def set_stock(db: Session, who: KeyPrincipal, call: Call):
    return 200, products.product_json(products.set_stock(db, who, call.path["product_id"], call.body.stock))


def set_price(db: Session, who: KeyPrincipal, call: Call):
    p = products.set_price(db, who, call.path["product_id"], call.body.price_minor, call.body.compare_at_minor)
    return 200, products.product_json(p)


def add_photo(db: Session, who: KeyPrincipal, call: Call):
    return 200, products.product_json(products.add_photo(db, who, call.path["product_id"], call.raw))


def fetch_photo(call: Call) -> Call:
    """Before the transaction: the picture at the body's URL becomes the call's file."""
    return replace(call, raw=photo_urls.fetch_photo(call.body.url))


def add_photo_from_url(db: Session, who: KeyPrincipal, call: Call):
    return 200, products.product_json(products.add_photo(db, who, call.path["product_id"], call.raw))


def archive_product(db: Session, who: KeyPrincipal, call: Call):
    return 200, products.product_json(products.archive_product(db, who, call.path["product_id"]))


# ---------------------------------------------------------------- orders

def list_orders(db: Session, who: KeyPrincipal, call: Call):
    found = orders.changed_orders(db, who, call.query.get("after", "0"), _limit(call))
    return 200, _page(found, events.check_limit(_limit(call)), lambda o: o["cursor"])


def get_order(db: Session, who: KeyPrincipal, call: Call):
    return 200, orders.get_order(db, who, call.path["order_id"])


def _moved(db: Session, who: KeyPrincipal, order_id: int):
    return 200, orders.get_order(db, who, order_id)


def accept_order(db: Session, who: KeyPrincipal, call: Call):
    orders.accept(db, who, call.path["order_id"])
    return _moved(db, who, call.path["order_id"])


def ready_order(db: Session, who: KeyPrincipal, call: Call):
    orders.ready_for_pickup(db, who, call.path["order_id"])
    return _moved(db, who, call.path["order_id"])


def send_out_order(db: Session, who: KeyPrincipal, call: Call):
    b = call.body
    orders.send_out(db, who, call.path["order_id"], b.courier_name, b.courier_phone, b.tracking)
    return _moved(db, who, call.path["order_id"])


def cancel_order(db: Session, who: KeyPrincipal, call: Call):
    orders.cancel(db, who, call.path["order_id"], call.body.reason)
    return _moved(db, who, call.path["order_id"])


def refund_order(db: Session, who: KeyPrincipal, call: Call):
    r = orders.refund(db, who, call.path["order_id"], call.body.amount_minor, call.body.reason)
    return 201, {"id": r.id, "amount_minor": r.amount_minor, "currency": r.currency, "status": r.status}


# ---------------------------------------------------------------- events

def event_json(e) -> dict:
    return {"id": events.public_id(e), "seq": e.seq, "type": e.type, "order_id": e.order_id,
            "data": e.data, "created_at": e.at.isoformat()}


def list_events(db: Session, who: KeyPrincipal, call: Call):
    found = events.events_after(db, who, call.query.get("after", "0"), _limit(call))
    return 200, _page([event_json(e) for e in found], events.check_limit(_limit(call)), lambda e: e["seq"])


# ---------------------------------------------------------------- webhook endpoints

def endpoint_json(e, secret: str | None = None) -> dict:
    return {"id": e.id, "url": e.url, "events": list(e.event_types), "enabled": e.enabled,
            "disabled_reason": e.disabled_reason or None, "created_at": e.created_at.isoformat(), "secret": secret}


def delivery_json(d, who: KeyPrincipal) -> dict:
    owner = f"c{who.community_id}" if who.audience == "community" else str(who.merchant_id)
    return {"id": d.id, "event_id": f"evt_{owner}_{d.seq}", "seq": d.seq, "status": d.status,
            "attempts": d.attempts, "last_status_code": d.last_status_code, "last_error": d.last_error or None,
            "next_attempt_at": d.next_attempt_at.isoformat() if d.status == "pending" else None,
            "delivered_at": d.delivered_at.isoformat() if d.delivered_at else None}


# A shop's key manages the shop's endpoints; a community partner's key its own (partner_webhooks).

def _partner(who: KeyPrincipal) -> bool:
    return who.audience == "community"


def list_endpoints(db: Session, who: KeyPrincipal, call: Call):
    found = (partner_webhooks.endpoints(db, who) if _partner(who)
             else webhooks.list_endpoints(db, who.actor, who.merchant_id))
    return 200, {"data": [endpoint_json(e) for e in found], "next_cursor": None}


def create_endpoint(db: Session, who: KeyPrincipal, call: Call):
    new = (partner_webhooks.register(db, who, call.body.url, call.body.events) if _partner(who)
           else webhooks.register_endpoint(db, who.actor, who.merchant_id, call.body.url, call.body.events))
    return 201, endpoint_json(new.endpoint, new.secret)


def remove_endpoint(db: Session, who: KeyPrincipal, call: Call):
    if _partner(who):
        partner_webhooks.remove(db, who, call.path["endpoint_id"])
    else:
        webhooks.remove_endpoint(db, who.actor, call.path["endpoint_id"])
    return 200, {"removed": True}


def rotate_endpoint_secret(db: Session, who: KeyPrincipal, call: Call):
    endpoint_id = call.path["endpoint_id"]
    if _partner(who):
        endpoint, secret = partner_webhooks.rotate(db, who, endpoint_id)
    else:
        secret = webhooks.rotate_secret(db, who.actor, endpoint_id)
        endpoint = webhooks.own_endpoint(db, who.actor, endpoint_id)
    return 200, endpoint_json(endpoint, secret)


def list_deliveries(db: Session, who: KeyPrincipal, call: Call):
    limit = events.check_limit(_limit(call))
    found = (partner_webhooks.deliveries(db, who, call.path["endpoint_id"], limit) if _partner(who)
             else webhooks.deliveries(db, who.actor, call.path["endpoint_id"], limit))
    return 200, {"data": [delivery_json(d, who) for d in found], "next_cursor": None}


def resend_delivery(db: Session, who: KeyPrincipal, call: Call):
    d = (partner_webhooks.resend(db, who, call.path["delivery_id"]) if _partner(who)
         else webhooks.resend(db, who.actor, call.path["delivery_id"]))
    return 200, delivery_json(d, who)


# ---------------------------------------------------------------- a community partner's reads

def community_products(db: Session, who: KeyPrincipal, call: Call):
    found = community_reads.list_products(db, who, call.query.get("after", "0"), _limit(call))
    return 200, _page(found, events.check_limit(_limit(call)), lambda p: p["id"])


def community_orders(db: Session, who: KeyPrincipal, call: Call):
    found = community_reads.changed_orders(db, who, call.query.get("after", "0"), _limit(call))
    return 200, _page(found, events.check_limit(_limit(call)), lambda o: o["cursor"])


def community_bill_payments(db: Session, who: KeyPrincipal, call: Call):
    found = community_reads.bill_payments(db, who, call.query.get("after", "0"), _limit(call))
    return 200, _page(found, events.check_limit(_limit(call)), lambda p: p["cursor"])


def community_order(db: Session, who: KeyPrincipal, call: Call):
    return 200, community_reads.get_order(db, who, call.path["order_id"])


PRODUCT, ORDER = "/products/{product_id:int}", "/orders/{order_id:int}"
PAGE = ("after", "limit")
ENDPOINT = "/webhook-endpoints/{endpoint_id:int}"
PARTNERS_TOO = (" A community partner's key with `webhooks:manage` uses this route too, for its own endpoints: "
                "they receive its community's events the key may read (" + ", ".join(COMMUNITY_EVENTS) +
                "; bill.paid needs `bills:read`, the orders' `orders:read`). Its writes take no Idempotency-Key.")

OPERATIONS: list[Operation] = [
    Operation("GET", "/products", PRODUCTS_READ, list_products, "List your products", "products",
              answer=s.ProductPage, query=PAGE, description="By id; hidden and flagged products included."),
    Operation("POST", "/products", PRODUCTS_WRITE, create_product, "Create a product", "products",
              body=s.ProductCreate, answer=s.Product, status=201),
    Operation("POST", "/products/bulk", PRODUCTS_WRITE, bulk_upsert, "Create or update up to 500 products by SKU",
              "products", body=s.BulkUpsert, answer=s.BulkResult, description=(
                  "All or nothing: one bad row and nothing is saved, the row is named in error.field. "
                  "A product whose fields already match is left alone, so sending the same body twice "
                  "changes nothing.")),
    Operation("GET", PRODUCT, PRODUCTS_READ, get_product, "Read a product", "products", answer=s.Product),
    Operation("PATCH", PRODUCT, PRODUCTS_WRITE, update_product, "Change a product's fields", "products",
              body=s.ProductUpdate, answer=s.Product),
    Operation("POST", PRODUCT + "/stock", PRODUCTS_WRITE, set_stock, "Set the count on hand", "products",
              body=s.StockSet, answer=s.Product),
    Operation("POST", PRODUCT + "/price", PRODUCTS_WRITE, set_price, "Set the price", "products",
              body=s.PriceSet, answer=s.Product),
    Operation("POST", PRODUCT + "/photos", PRODUCTS_WRITE, add_photo, "Add a photo", "products",
              answer=s.Product, file_body=True, max_body=5 * 1024 * 1024, description=(
                  "The body is the picture itself (Content-Type image/png, image/jpeg or image/webp, at most 5 MB), "
                  "or a multipart/form-data form with the picture in the field `file`; "
                  "checked by its content and re-encoded without its metadata; at most 8 photos a product.")),
    Operation("POST", PRODUCT + "/photos/from-url", PRODUCTS_WRITE, add_photo_from_url, "Add a photo by its URL",
              "products", body=s.PhotoUrl, answer=s.Product, prepare=fetch_photo, description=(
                  "We fetch the picture once (https, at most 5 MB, within 10 seconds, at most 3 redirects; never "
                  "an address inside our network) and store it as an uploaded photo: checked by its content and "
                  "re-encoded without its metadata.")),
    Operation("POST", PRODUCT + "/archive", PRODUCTS_WRITE, archive_product, "Take a product out of the shop", "products",
              answer=s.Product, description='PATCH with {"available": true} brings it back.'),
    Operation("GET", "/orders", ORDERS_READ, list_orders, "List orders new or changed since a cursor", "orders",
              answer=s.OrderPage, query=PAGE, description=(
                  "Each order once per page with its latest event number as `cursor`; an order that changes "
                  "again comes again on a later page. Start with after=0 and keep next_cursor.")),
    Operation("GET", ORDER, ORDERS_READ, get_order, "Read an order", "orders", answer=s.Order),
    Operation("POST", ORDER + "/accept", ORDERS_WRITE, accept_order, "Accept a paid order", "orders", answer=s.Order),
    Operation("POST", ORDER + "/ready", ORDERS_WRITE, ready_order, "Mark a pickup order ready at the counter", "orders",
              answer=s.Order),
    Operation("POST", ORDER + "/out-for-delivery", ORDERS_WRITE, send_out_order,
              "Send a delivery order out with a courier", "orders", body=s.SendOut, answer=s.Order),
    Operation("POST", ORDER + "/cancel", ORDERS_WRITE, cancel_order, "Cancel (or reject) an order, saying why",
              "orders", body=s.Cancel, answer=s.Order, description=(
                  "A paid order not yet accepted is rejected; an accepted one is cancelled. The customer's "
                  "money is refunded automatically.")),
    Operation("POST", ORDER + "/refund", ORDERS_WRITE, refund_order, "Refund all or part of what was paid", "orders",
              body=s.RefundIn, answer=s.Refund, status=201,
              description="Never more than is left to refund, as on the dashboard."),
    Operation("GET", "/events", ORDERS_READ, list_events, "Replay your shop's events since a cursor", "events",
              answer=s.EventPage, query=PAGE, audience="any", partner_scopes=(ORDERS_READ, BILLS_READ), description=(
                  "In order, with no gaps: numbers are given as their changes commit. Keep next_cursor (or the "
                  "last seq you handled) and ask again after it. A community partner's key (with `orders:read` "
                  "or `bills:read`) replays its community's events it may read, numbered per community: the "
                  "same events its webhook endpoints receive.")),
    Operation("GET", "/webhook-endpoints", WEBHOOKS_MANAGE, list_endpoints, "List your webhook endpoints",
              "webhooks", answer=s.EndpointPage, audience="any", description=PARTNERS_TOO.strip()),
    Operation("POST", "/webhook-endpoints", WEBHOOKS_MANAGE, create_endpoint, "Register a webhook endpoint",
              "webhooks", body=s.EndpointIn, answer=s.Endpoint, status=201, audience="any", description=(
                  "The answer holds the signing secret, once. Deliveries are signed the Standard Webhooks way: "
                  "headers webhook-id (the event's id: de-duplicate by it), webhook-timestamp and "
                  "webhook-signature (v1,base64 HMAC-SHA256 of id.timestamp.body with the secret). Answer 2xx "
                  "within 10 seconds; anything else is retried (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then "
                  "every 10 h), in order per endpoint; after 3 days of failures the endpoint is turned off." + PARTNERS_TOO)),
    Operation("DELETE", ENDPOINT, WEBHOOKS_MANAGE, remove_endpoint,
              "Remove a webhook endpoint", "webhooks", answer=s.Removed, audience="any"),
    Operation("POST", ENDPOINT + "/rotate-secret", WEBHOOKS_MANAGE, rotate_endpoint_secret,
              "Give an endpoint a new signing secret", "webhooks", answer=s.Endpoint, audience="any", description=(
                  "The answer holds the new secret, once. For 24 hours deliveries carry a second signature "
                  "made with the old secret, so the receiver can switch over without losing one.")),
    Operation("GET", ENDPOINT + "/deliveries", WEBHOOKS_MANAGE, list_deliveries,
              "The endpoint's latest deliveries", "webhooks", answer=s.DeliveryPage, query=("limit",),
              audience="any"),
    Operation("POST", "/webhook-deliveries/{delivery_id:int}/resend", WEBHOOKS_MANAGE, resend_delivery,
              "Send a delivery again", "webhooks", answer=s.Delivery, audience="any"),
    # A community partner's key (made by a platform admin) reads only these; a shop's key none of them.
    Operation("GET", "/community/products", PRODUCTS_READ, community_products,
              "List what the community's residents can buy", "community", answer=s.CommunityProductPage, query=PAGE,
              audience="community", description=(
                  "Products on sale in the shops of the key's community (its 10-minute circle), by id.")),
    Operation("GET", "/community/orders", ORDERS_READ, community_orders,
              "List the community's orders new or changed since a cursor", "community",
              answer=s.CommunityOrderPage, query=PAGE, audience="community", description=(
                  "Orders placed by the community's residents, each once per page with its latest event as "
                  "`cursor`. A change is listed about 5 seconds after it is made, so no page ever steps over "
                  "one still being saved.")),
    Operation("GET", "/community/orders/{order_id:int}", ORDERS_READ, community_order,
              "Read one of the community's orders", "community", answer=s.CommunityOrder, audience="community"),
    Operation("GET", "/community/bill-payments", BILLS_READ, community_bill_payments,
              "List money received against the community's bills since a cursor", "community",
              answer=s.BillPaymentPage, query=PAGE, audience="community", description=(
                  "Every payment against a bill (online, at the lobby terminal or at the office), oldest first; "
                  "`type` is bill.paid for the one that paid a bill off. Listed about 5 seconds after it is made.")),
]
