"""A merchant's own shop page settings: what the shop says about itself (name, description,
contact, SEO), how it delivers (radius, fee, minimum order, pickup), the manual open/closed switch,
its time zone and opening hours. Only the shop's merchants (or a platform admin) change them, and
only while the shop is approved; every value is checked before any is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.local_time import check_zone
from community_hub.core.permissions import Actor, AdminPermission, require_merchant_of
from community_hub.core.uploads import store_public_image
from community_hub.marketplace.catalog import merchant_or_404
from community_hub.marketplace.opening_hours import is_open_now
from community_hub.models import Merchant, MerchantStatus
from community_hub.models.catalog import MerchantHours

SHOP_EDITABLE = {"name", "description", "logo_url", "banner_url", "seo_title", "seo_description", "phone",
                 "contact_email", "delivery_radius_m", "delivery_fee_minor", "pickup_enabled",
                 "min_order_minor", "is_open", "timezone"}
MAX_SHOP_NAME = 120
MAX_SHOP_DESCRIPTION = 2000
MAX_SEO_TITLE = 70
MAX_SEO_DESCRIPTION = 160
MAX_PHONE = 30
MAX_EMAIL = 254
MAX_IMAGE_URL = 500
MAX_RADIUS_M = 20_000  # 20 km: beyond that nobody is "nearby" and deliveries stop being local
MAX_FEE_MINOR = 100_000  # 1,000.00: a fee above that is a typo (and keeps the integer column safe)
MAX_MIN_ORDER_MINOR = 1_000_000  # 10,000.00
_PHONE = re.compile(r"^[0-9 +\-()]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_TEXT_FIELDS = ("name", "description", "logo_url", "banner_url", "seo_title", "seo_description", "phone",
                "contact_email", "timezone")


# The limits as the refusals write them ("10,000 m", "1,000.00").
_MAX_RADIUS_TEXT = f"{MAX_RADIUS_M:,}"
_MAX_FEE_TEXT = f"{MAX_FEE_MINOR // 100:,}.00"
_MAX_MIN_ORDER_TEXT = f"{MAX_MIN_ORDER_MINOR // 100:,}.00"
_STATUS_WORDS = {MerchantStatus.PENDING: phrase("pending"), MerchantStatus.APPROVED: phrase("approved"),
                 MerchantStatus.REJECTED: phrase("rejected"), MerchantStatus.SUSPENDED: phrase("suspended")}


def _editable_shop(db: Session, actor: Actor, merchant_id: int) -> Merchant:
    """The merchant's own shop, locked, if it may be edited: a suspended or rejected shop stays as
    the platform left it (merchants only get a shop once it is approved, so nothing is being
    prepared before that); platform admins may still correct it."""
    require_merchant_of(actor, merchant_id)
    m = merchant_or_404(db, merchant_id, lock=True)
    if m.status != MerchantStatus.APPROVED and not actor.holds(AdminPermission.SUPER):
        raise ServiceError(phrase("{shop} is {status}, so its page cannot be changed; contact the platform team.",
                                  shop=m.name, status=_STATUS_WORDS.get(m.status, m.status)),
                           code="shop_not_approved")
    return m


def _clean_shop_changes(changes: dict) -> dict:
    """The changes checked and tidied (text stripped); the first problem is a readable refusal."""
    unknown = set(changes) - SHOP_EDITABLE
    if unknown:
        raise ServiceError(phrase("These shop fields cannot be changed here: {fields}.", fields=", ".join(sorted(unknown))))
    clean = dict(changes)
    for k in _TEXT_FIELDS:
        if k in clean:
            if not isinstance(clean[k], str):
                raise ServiceError(phrase("The {field} must be text.", field=k.replace("_", " ")))
            clean[k] = clean[k].strip()
    for k in ("delivery_radius_m", "delivery_fee_minor", "min_order_minor"):
        if k in clean and type(clean[k]) is not int:
            raise ServiceError(phrase("Radius, fee and minimum order must be whole numbers."))
    for k in ("pickup_enabled", "is_open"):
        if k in clean and not isinstance(clean[k], bool):
            raise ServiceError(phrase("{field} is on or off.", field=k.replace("_", " ").capitalize()))
    if "name" in clean and not clean["name"]:
        raise ServiceError(phrase("Enter the shop's name."))
    if len(clean.get("name", "")) > MAX_SHOP_NAME:
        raise ServiceError(phrase("The shop's name is at most {most} characters.", most=MAX_SHOP_NAME))
    if len(clean.get("description", "")) > MAX_SHOP_DESCRIPTION:
        raise ServiceError(phrase("The description is at most {most} characters.", most=MAX_SHOP_DESCRIPTION))
    if len(clean.get("seo_title", "")) > MAX_SEO_TITLE or len(clean.get("seo_description", "")) > MAX_SEO_DESCRIPTION:
        raise ServiceError(phrase("The SEO title is at most {title_most} characters and the description at most "
                                  "{description_most}.", title_most=MAX_SEO_TITLE, description_most=MAX_SEO_DESCRIPTION))
    phone = clean.get("phone", "")
    if len(phone) > MAX_PHONE or not _PHONE.match(phone) or (phone and not any(ch.isdigit() for ch in phone)):
        raise ServiceError(phrase("A phone number has digits, spaces and + - ( ) only, at most {most} characters.",
                                  most=MAX_PHONE))
    email = clean.get("contact_email", "")
    if email and (len(email) > MAX_EMAIL or not _EMAIL.match(email)):
        raise ServiceError(phrase("Enter a contact email like shop@example.com (or leave it blank)."))
    for k in ("logo_url", "banner_url"):
        url = clean.get(k, "")
        # Only our own uploads or web addresses: the value lands in an <img src> on the shop page.
        if url and (len(url) > MAX_IMAGE_URL or not url.startswith(("/", "https://", "http://")) or url.startswith("//")):
            raise ServiceError(phrase("An image must be an uploaded file or a web address starting with https://."))
    for k in ("delivery_radius_m", "delivery_fee_minor", "min_order_minor"):
        if k in clean and clean[k] < 0:
            raise ServiceError(phrase("Radius, fee and minimum order cannot be negative."))
    if clean.get("delivery_radius_m", 0) > MAX_RADIUS_M:
        raise ServiceError(phrase("The delivery radius is at most {metres} m ({km} km).", metres=_MAX_RADIUS_TEXT,
                                  km=MAX_RADIUS_M // 1000))
    if clean.get("delivery_fee_minor", 0) > MAX_FEE_MINOR:
        raise ServiceError(phrase("The delivery fee is at most {amount}.", amount=_MAX_FEE_TEXT))
    if clean.get("min_order_minor", 0) > MAX_MIN_ORDER_MINOR:
        raise ServiceError(phrase("The minimum order is at most {amount}.", amount=_MAX_MIN_ORDER_TEXT))
    if "timezone" in clean:
        clean["timezone"] = check_zone(clean["timezone"])
    return clean


def update_shop(db: Session, actor: Actor, merchant_id: int, **changes) -> Merchant:
    """A merchant edits its own approved shop's page settings (any of SHOP_EDITABLE: name,
    description, images, SEO, contact, radius, fee, pickup, minimum order, the open switch, time
    zone). Every value is checked before anything changes: one bad value refuses them all."""
    m = _editable_shop(db, actor, merchant_id)
    for k, v in _clean_shop_changes(changes).items():
        setattr(m, k, v)
    db.add(m)
    return m


# The shop's two pictures and the column each one's address is kept in.
SHOP_IMAGES = {"logo": "logo_url", "banner": "banner_url"}
# Public catalog images are served by /api/media/<stored path>: the same address product photos use.
MEDIA_URL_PREFIX = "/api/media/"


def _image_column(which: str) -> str:
    if which not in SHOP_IMAGES:
        raise ServiceError(phrase("Choose the logo or the banner."))
    return SHOP_IMAGES[which]


def set_shop_image(db: Session, actor: Actor, merchant_id: int, which: str, data: bytes, filename: str) -> str:
    """Upload the shop's logo or banner (which = "logo" | "banner"): a PNG, JPEG or WebP by content,
    at most 5 MB, stored in the public catalog area. Returns the address the shop page shows
    ("/api/media/catalog/..."), which is also saved as the shop's logo_url / banner_url. A refused
    file (wrong type, empty, too large) changes nothing; the previous image stays."""
    column = _image_column(which)
    m = _editable_shop(db, actor, merchant_id)  # permission first: a refused actor writes no file
    stored = store_public_image(data, filename)
    url = MEDIA_URL_PREFIX + stored.path
    setattr(m, column, url)
    db.add(m)
    return url


def clear_shop_image(db: Session, actor: Actor, merchant_id: int, which: str) -> None:
    """Remove the shop's logo or banner: the shop page and shop cards fall back to showing none."""
    column = _image_column(which)
    m = _editable_shop(db, actor, merchant_id)
    setattr(m, column, "")
    db.add(m)


@dataclass(frozen=True)
class ShopSettings:
    """What the merchant's shop-page screen edits, read in one go (the state never sees models)."""

    merchant_id: int
    slug: str
    status: str
    currency: str
    name: str
    description: str
    logo_url: str
    banner_url: str
    seo_title: str
    seo_description: str
    phone: str
    contact_email: str
    delivery_radius_m: int
    delivery_fee_minor: int
    pickup_enabled: bool
    min_order_minor: int
    is_open: bool  # the manual switch
    timezone: str
    hours: list[tuple[int, int, int]]  # (weekday 0=Mon, opens_min, closes_min), by day then opening
    open_now: bool  # what customers see: the switch AND the hours, in the shop's zone


def shop_settings(db: Session, actor: Actor, merchant_id: int, now: datetime | None = None) -> ShopSettings:
    """The merchant's (or an admin's) view of a shop's editable settings, hours and open-now state."""
    require_merchant_of(actor, merchant_id)
    m = merchant_or_404(db, merchant_id)
    spans = db.exec(select(MerchantHours).where(MerchantHours.merchant_id == merchant_id)
                    .order_by(MerchantHours.weekday, MerchantHours.opens_min)).all()
    return ShopSettings(
        merchant_id=m.id, slug=m.slug, status=m.status, currency=m.currency, name=m.name,
        description=m.description, logo_url=m.logo_url, banner_url=m.banner_url, seo_title=m.seo_title,
        seo_description=m.seo_description, phone=m.phone, contact_email=m.contact_email,
        delivery_radius_m=m.delivery_radius_m, delivery_fee_minor=m.delivery_fee_minor,
        pickup_enabled=m.pickup_enabled, min_order_minor=m.min_order_minor, is_open=m.is_open,
        timezone=m.timezone, hours=[(h.weekday, h.opens_min, h.closes_min) for h in spans],
        open_now=is_open_now(db, m, now),
    )


def set_hours(db: Session, actor: Actor, merchant_id: int, spans: list[tuple[int, int, int]]) -> list[MerchantHours]:
    """Replace the opening hours with (weekday 0=Mon, opens_min, closes_min) spans, in the shop's own
    time zone. A span whose closing time is earlier than its opening time closes the next morning (a
    bar open 18:00-02:00). An empty list means no set hours: open whenever the switch is on."""
    _editable_shop(db, actor, merchant_id)  # the row lock also makes two saves at once replace in turn
    for span in spans:
        if not (isinstance(span, tuple | list) and len(span) == 3 and all(type(v) is int for v in span)):
            raise ServiceError(phrase("Opening hours are (weekday, opening minute, closing minute) in whole minutes."))
        wd, o, c = span
        if not (0 <= wd <= 6 and 0 <= o < 24 * 60 and 0 <= c <= 24 * 60 and o != c):
            raise ServiceError(phrase("Each opening span needs a weekday and different opening and closing times."))
    for old in db.exec(select(MerchantHours).where(MerchantHours.merchant_id == merchant_id)):
        db.delete(old)
    rows = [MerchantHours(merchant_id=merchant_id, weekday=wd, opens_min=o, closes_min=c) for wd, o, c in spans]
    db.add_all(rows)
    db.flush()
    return rows
