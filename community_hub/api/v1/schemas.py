"""What the API accepts (checked strictly: a number sent as text is refused, unknown fields too)
and what it answers, as pydantic models: the same classes check requests and write the OpenAPI
document's schemas. Limits match the catalog's and the orders' own (the services check again)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

Id = int


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ProductCreate(_In):
    name: str = Field(min_length=1, max_length=160, examples=["Whole milk 1 L"])
    price_minor: int = Field(ge=0, le=100_000_000, description="Price in minor units (cents): 350 is 3.50.",
                             examples=[350])
    sku: str | None = Field(None, max_length=64, description="Your own code for the product, unique in your shop.",
                            examples=["MILK-1L"])
    description: str = Field("", max_length=2000)
    compare_at_minor: int | None = Field(None, ge=0, le=100_000_000,
                                         description="A higher former price, shown crossed out.")
    stock: int | None = Field(None, ge=0, le=10_000_000, description="Count on hand; null for unlimited (services).")
    available: bool = Field(True, description="Shown in the shop.")
    barcode: str | None = Field(None, max_length=64, description="EAN-8, UPC-A or EAN-13 with its check digit.")


class ProductUpdate(_In):
    """Only the fields sent change."""

    name: str | None = Field(None, min_length=1, max_length=160)
    price_minor: int | None = Field(None, ge=0, le=100_000_000)
    sku: str | None = Field(None, max_length=64)
    description: str | None = Field(None, max_length=2000)
    compare_at_minor: int | None = Field(None, ge=0, le=100_000_000)
    stock: int | None = Field(None, ge=0, le=10_000_000)
    available: bool | None = None
    barcode: str | None = Field(None, max_length=64)


class BulkProduct(ProductCreate):
    sku: str = Field(min_length=1, max_length=64, description="Finds the product to update, else creates it.")


class BulkUpsert(_In):
    products: list[BulkProduct] = Field(min_length=1, max_length=500)


class StockSet(_In):
    stock: int | None = Field(ge=0, le=10_000_000, description="Count on hand; null for unlimited.")


class PriceSet(_In):
    price_minor: int = Field(ge=0, le=100_000_000)
    compare_at_minor: int | None = Field(None, ge=0, le=100_000_000)


class PhotoUrl(_In):
    url: str = Field(min_length=1, max_length=1000, examples=["https://cdn.example.com/milk.jpg"],
                     description="https (http only on a demo deployment); fetched once, at most 5 MB.")


class SendOut(_In):
    courier_name: str = Field(min_length=1, max_length=80, examples=["Cory"])
    courier_phone: str = Field("", max_length=40, description="A number the customer can call.")
    tracking: str = Field("", max_length=100, description="The delivery firm's tracking reference.")


class Cancel(_In):
    reason: str = Field(min_length=1, max_length=500, description="Shown to the customer.",
                        examples=["Out of fresh milk today"])


class RefundIn(_In):
    amount_minor: int | None = Field(None, gt=0, le=100_000_000,
                                     description="Part of what was paid; leave out for all that is left.")
    reason: str = Field("", max_length=500)


class EndpointIn(_In):
    url: str = Field(min_length=1, max_length=500, examples=["https://till.example.com/hub-webhooks"])
    events: list[str] = Field(default_factory=list, max_length=10, description=(
        "Event types to send (order.created, order.paid, order.status_changed, order.refunded, "
        "product.review_decided, payout.sent; for a community partner's key order.created, order.paid, "
        "order.status_changed, bill.paid); none: all the key may read."))


# ---------------------------------------------------------------- answers (for the document)


class Product(BaseModel):
    id: Id
    sku: str | None
    name: str
    description: str
    price_minor: int
    compare_at_minor: int | None
    currency: str = Field(examples=["USD"])
    stock: int | None
    available: bool
    barcode: str | None
    flagged: bool = Field(description="Hidden by the platform until fixed (flag_reason says why).")
    flag_reason: str | None
    listed: bool = Field(description="An approved version is on sale (false until the platform first approves it).")
    review: str = Field(description="The platform's review of the last change: approved, pending or rejected "
                                    "(while pending, the fields here stay the approved version).",
                        examples=["pending"])
    review_reason: str | None = Field(description="Why the last change was not approved.")
    photos: list[str]
    created_at: str
    updated_at: str


class ProductPage(BaseModel):
    data: list[Product]
    next_cursor: str | None = Field(description="Pass as ?after= for the next page; null at the end.")


class BulkResult(BaseModel):
    created: list[Id]
    updated: list[Id]
    unchanged: list[Id]


class OrderLine(BaseModel):
    product_id: Id | None
    name: str
    options: str
    unit_price_minor: int
    quantity: int
    line_total_minor: int


class Order(BaseModel):
    id: Id
    state: str = Field(examples=["paid"], description=(
        "placed, paid, accepted, preparing, out_for_delivery, ready_for_pickup, delivered, signed, settled, "
        "cancelled, rejected, refunded, disputed"))
    fulfilment: str = Field(examples=["delivery"], description="delivery or pickup")
    currency: str
    subtotal_minor: int
    discount_minor: int
    delivery_fee_minor: int
    total_minor: int
    paid_minor: int
    refunded_minor: int
    address: str
    note: str
    window_start: str | None
    window_end: str | None
    courier_name: str | None
    courier_phone: str | None
    created_at: str
    updated_at: str
    lines: list[OrderLine]
    cursor: int | None = Field(None, description="In lists: the order's latest event number.")


class OrderPage(BaseModel):
    data: list[Order]
    next_cursor: str | None


class Refund(BaseModel):
    id: Id
    amount_minor: int
    currency: str
    status: str = Field(examples=["succeeded"])


class Event(BaseModel):
    id: str = Field(examples=["evt_12_7"], description="Unique; the same in webhooks (webhook-id).")
    seq: int = Field(description="The event's number in your shop (or your community, for a partner's key): the cursor.")
    type: str = Field(examples=["order.paid"],
                      description=("order.created, order.paid, order.status_changed, order.refunded, "
                                   "product.review_decided (the platform hid a product, or lifted that), payout.sent; "
                                   "for a community partner: bill.paid (a bill paid off) and its residents' orders"))
    order_id: Id | None
    data: dict
    created_at: str


class CommunityProduct(Product):
    merchant_id: Id = Field(description="The shop selling it.")
    shop: str = Field(examples=["Corner Bakery"])


class CommunityProductPage(BaseModel):
    data: list[CommunityProduct]
    next_cursor: str | None


class CommunityOrder(Order):
    merchant_id: Id = Field(description="The shop the order was placed with.")
    shop: str = Field(examples=["Corner Bakery"])


class CommunityOrderPage(BaseModel):
    data: list[CommunityOrder]
    next_cursor: str | None


class BillPaymentItem(BaseModel):
    cursor: int = Field(description="The payment's number: pass the last one as ?after=.")
    type: str = Field(examples=["bill.paid"], description="bill.paid when this payment paid the bill off, "
                                                           "else bill.payment (part of it).")
    bill_id: Id
    period: str | None = Field(examples=["2026-12"], description="YYYY-MM for a monthly fee bill; null for a service.")
    title: str
    building: str
    unit: str
    amount_minor: int
    currency: str
    method: str = Field(examples=["online"], description="online, card_terminal, cash, bank_transfer or cheque")
    bill_total_minor: int
    bill_paid_minor: int
    bill_status: str = Field(examples=["paid"])
    at: str


class BillPaymentPage(BaseModel):
    data: list[BillPaymentItem]
    next_cursor: str | None


class EventPage(BaseModel):
    data: list[Event]
    next_cursor: str | None


class ErrorBody(BaseModel):
    code: str = Field(examples=["missing_scope"])
    message: str = Field(description="In the language of Accept-Language (English or Chinese).")
    field: str | None = Field(None, examples=["products[3].price_minor"])


class Error(BaseModel):
    error: ErrorBody


class Endpoint(BaseModel):
    id: Id
    url: str
    events: list[str]
    enabled: bool
    disabled_reason: str | None
    created_at: str
    secret: str | None = Field(None, description=(
        "whsec_…: only in the answer that created the endpoint. Verify each delivery's webhook-signature "
        "with it (any Standard Webhooks library)."))


class EndpointPage(BaseModel):
    data: list[Endpoint]
    next_cursor: str | None


class Delivery(BaseModel):
    id: Id
    event_id: str
    seq: int
    status: str = Field(description="pending, sending, delivered, failed")
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: str | None
    delivered_at: str | None


class DeliveryPage(BaseModel):
    data: list[Delivery]
    next_cursor: str | None


class Removed(BaseModel):
    removed: bool
