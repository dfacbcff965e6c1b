"""Merchants and what they sell: shops, their hours and sections, the platform's category tree,
products with options, residents' favourites, merchant applications and shop claims."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, UniqueConstraint, event, false, true
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow
from community_hub.models.cjk_grams import search_grams


class MerchantStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class Merchant(SQLModel, table=True):
    # lat/lon indexed together: the business circle prefilters on a bounding box in SQL.
    __table_args__ = (Index("ix_merchant_status_lat_lon", "status", "lat", "lon"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=60)
    name: str = Field(max_length=120)
    category: str = Field(index=True, max_length=40)
    address: str = ""
    lat: float
    lon: float
    phone: str = ""
    status: str = Field(default=MerchantStatus.PENDING, index=True)
    delivery_fee_minor: int = 0
    min_order_minor: int = 0
    currency: str = "USD"
    created_at: datetime = utc_field(default_factory=utcnow)
    # --- shop page (marketplace issue) ---
    description: str = ""
    logo_url: str = ""
    banner_url: str = ""
    seo_title: str = Field(default="", max_length=70)
    seo_description: str = Field(default="", max_length=160)
    contact_email: str = ""
    delivery_radius_m: int = 2000
    pickup_enabled: bool = True
    # A manual "closed now" switch on top of the opening hours (holidays, sold out for the day).
    is_open: bool = True
    timezone: str = "UTC"
    # Derived from reviews by services.reviews; never edited by hand.
    rating_avg: float = 0.0
    rating_count: int = 0
    # Listings created by admins from public info are unclaimed until the owner verifies.
    claimed: bool = True
    owner_user_id: int | None = Field(default=None, foreign_key="user.id")
    # Chinese in name, category and description as pairs of characters, for search (cjk_grams);
    # kept by the mapper events below, never written by hand.
    search_cjk: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # --- supervision (issue 18, marketplace/merchant_supervision.py) ---
    # A trusted shop's new products and edits go live at once; any other's wait for an admin's review.
    trusted: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    suspended_reason: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    # --- made to order (issue 20, marketplace/made_to_order.py) ---
    # What happens to a made-to-order deposit when the resident cancels after work started:
    # "keep" (the shop keeps it) or "refund" (it goes back). Shown before the resident confirms.
    deposit_rule: str = Field(default="keep", max_length=16, sa_column_kwargs={"server_default": "keep"})


class MerchantHours(SQLModel, table=True):
    """One opening span on a weekday (0 = Monday), in minutes from local midnight."""

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    weekday: int = Field(ge=0, le=6)
    opens_min: int = Field(ge=0, le=24 * 60)
    closes_min: int = Field(ge=0, le=24 * 60)


class Category(SQLModel, table=True):
    """The platform-wide category tree (parent_id None = a top-level category)."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=60)
    name: str = Field(max_length=80)
    parent_id: int | None = Field(default=None, foreign_key="category.id", index=True)
    sort: int = 0


class MerchantSection(SQLModel, table=True):
    """A merchant's own grouping of its products ("Breads", "Today's specials")."""

    __table_args__ = (UniqueConstraint("merchant_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    name: str = Field(max_length=60)
    sort: int = 0


class Product(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("merchant_id", "sku"),
        Index("ix_product_merchant_visible", "merchant_id", "available", "abnormal"),
    )

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    name: str = Field(max_length=160)
    description: str = ""
    price_minor: int = Field(ge=0)
    compare_at_minor: int | None = None
    currency: str = "USD"
    # None means unlimited (services); otherwise never below zero.
    stock: int | None = Field(default=None, ge=0)
    barcode: str | None = Field(default=None, index=True, max_length=64)
    available: bool = True
    created_at: datetime = utc_field(default_factory=utcnow)
    # --- catalog (marketplace issue) ---
    sku: str | None = Field(default=None, max_length=64)
    category_id: int | None = Field(default=None, foreign_key="category.id", index=True)
    section_id: int | None = Field(default=None, foreign_key="merchantsection.id")
    photos: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    recommended: bool = False
    pinned: bool = False  # shown in the home carousel
    low_stock_threshold: int = 5
    sold_count: int = 0  # bumped at checkout; "hot" is derived from it
    # Set by an admin: the product is hidden until the merchant fixes it.
    abnormal: bool = False
    abnormal_reason: str = ""
    updated_at: datetime = utc_field(default_factory=utcnow)
    # Chinese in name and description as pairs of characters, for search (cjk_grams); kept by the
    # mapper events below, never written by hand.
    search_cjk: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # --- review before listing (issue 18, catalog/product_review.py) ---
    # live: an approved version exists, and residents see it (with the fields below as approved);
    # an edit waiting for review is a ProductChange, never written here until approved.
    live: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    review_state: str = Field(default="approved", max_length=16, sa_column_kwargs={"server_default": "approved"})
    review_reason: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    # --- made to order (issue 20, marketplace/made_to_order.py) ---
    # A made-to-order product is paid as a deposit (deposit_bps / 10000 of the line, 1..100 %) at
    # checkout and the balance when the shop marks the order ready.
    made_to_order: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    deposit_bps: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


@event.listens_for(Merchant, "before_insert")
@event.listens_for(Merchant, "before_update")
def _merchant_search_grams(_mapper, _conn, shop: Merchant) -> None:
    shop.search_cjk = search_grams(shop.name, shop.category, shop.description)


@event.listens_for(Product, "before_insert")
@event.listens_for(Product, "before_update")
def _product_search_grams(_mapper, _conn, product: Product) -> None:
    # Every ORM write of a product passes here (an unchanged value is not written again). Bulk
    # inserts that bypass the ORM must fill `search_cjk` themselves (bench/bench_catalog.py does).
    product.search_cjk = search_grams(product.name, product.description)


class ProductOption(SQLModel, table=True):
    """One choice of one option group: ("Size", "Large", +150)."""

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    group: str = Field(max_length=40)
    value: str = Field(max_length=60)
    price_delta_minor: int = 0


class Favourite(SQLModel, table=True):
    """A resident's saved product or shop (exactly one of the two ids is set)."""

    __table_args__ = (UniqueConstraint("user_id", "product_id", "merchant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    product_id: int | None = Field(default=None, foreign_key="product.id")
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")
    created_at: datetime = utc_field(default_factory=utcnow)


class ApplicationState(StrEnum):
    SUBMITTED = "submitted"
    NEEDS_INFO = "needs_info"
    APPROVED = "approved"
    REJECTED = "rejected"


class MerchantApplication(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    business_name: str = Field(max_length=120)
    category: str = Field(max_length=40)
    address: str
    lat: float
    lon: float
    contact_phone: str = ""
    contact_email: str = ""
    legal_name: str = Field(max_length=120)
    id_number: str = Field(max_length=40)
    licence_number: str = Field(max_length=60)
    state: str = Field(default=ApplicationState.SUBMITTED, index=True)
    reviewer_note: str = ""  # the reason given with a rejection or a request for more
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")
    created_at: datetime = utc_field(default_factory=utcnow)
    decided_at: datetime | None = utc_field(default=None)
    decided_by: int | None = Field(default=None, foreign_key="user.id")


class MerchantDocument(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="merchantapplication.id", index=True)
    kind: str = Field(max_length=30)  # licence | id_front | id_back | other
    stored_name: str  # random file name under data/uploads/
    original_name: str = ""
    content_type: str
    size_bytes: int
    uploaded_at: datetime = utc_field(default_factory=utcnow)


class MerchantClaim(SQLModel, table=True):
    """A user claiming an unclaimed listing: a code goes to the listing's public phone or email."""

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    code_hash: str
    destination: str
    attempts: int = 0
    created_at: datetime = utc_field(default_factory=utcnow)
    expires_at: datetime = utc_field()
    confirmed_at: datetime | None = utc_field(default=None)
