"""Merchant: the shop page — logo and banner, details, delivery terms, time zone, the open/closed
switch, opening hours."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import shop_settings
from state.merchant.common import parse_money, shop_id, whole_number
from state.shared.service_call import acting, reading

# rx.upload ids of the two image pickers on the page (the page imports them).
IMAGE_UPLOADS = {"logo": "shop-logo-upload", "banner": "shop-banner-upload"}
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EMPTY_FORM = {"name": "", "description": "", "phone": "", "contact_email": "", "seo_title": "",
              "seo_description": "", "radius": "", "fee": "", "min_order": "", "pickup": "", "timezone": ""}


def _decimal(minor: int) -> str:
    return f"{minor // 100}.{minor % 100:02d}"


def _clock(minutes: int) -> str:
    """Minutes from midnight as an <input type="time"> value; 24:00 (a span to midnight) as 00:00."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text: str, day: str) -> int:
    try:
        hours, mins = text.strip().split(":")[:2]
        value = int(hours) * 60 + int(mins)
        if not (0 <= int(hours) < 24 and 0 <= int(mins) < 60):
            raise ValueError
    except ValueError:
        raise ServiceError(f"{day}: {text} is not a time of day like 09:30.") from None
    return value


def _spans(rows: list[dict[str, str]]) -> list[tuple[int, int, int]]:
    """One row per weekday from the page -> (weekday, opens_min, closes_min); both blank = closed."""
    spans = []
    for wd, row in enumerate(rows):
        opens, closes = row.get("opens", "").strip(), row.get("closes", "").strip()
        if not opens and not closes:
            continue
        if not opens or not closes:
            raise ServiceError(f"{DAYS[wd]}: give both an opening and a closing time, or leave both blank (closed).")
        o, c = _minutes(opens, DAYS[wd]), _minutes(closes, DAYS[wd])
        if o == c:
            raise ServiceError(f"{DAYS[wd]}: the opening and closing times are the same.")
        spans.append((wd, o, c))
    return spans


class MerchantShopState(rx.State):
    form: dict[str, str] = dict(EMPTY_FORM)
    # One row per weekday: {"day": "Monday", "opens": "09:00", "closes": "18:00"} (blank = closed).
    hours: list[dict[str, str]] = [{"day": d, "opens": "", "closes": ""} for d in DAYS]
    is_open: bool = True  # the manual switch
    open_now: bool = False  # what customers see (switch and hours)
    slug: str = ""
    status: str = ""
    zone: str = ""  # the saved zone the hours are read in
    loaded: bool = False
    error: str = ""
    notice: str = ""
    busy: bool = False
    # The logo and banner card: current addresses ("" = none) and its own messages, shown beside it.
    logo_url: str = ""
    banner_url: str = ""
    image_error: str = ""
    image_notice: str = ""

    @rx.var
    def seo_title_hint(self) -> str:
        return f"{len(self.form.get('seo_title', ''))}/{shop_settings.MAX_SEO_TITLE} characters"

    @rx.var
    def seo_description_hint(self) -> str:
        return f"{len(self.form.get('seo_description', ''))}/{shop_settings.MAX_SEO_DESCRIPTION} characters"

    @rx.var
    def description_hint(self) -> str:
        return f"{len(self.form.get('description', ''))}/{shop_settings.MAX_SHOP_DESCRIPTION} characters"

    @rx.var
    def has_hours(self) -> bool:
        """Once any day has hours, a day without them is closed; with none, no day is."""
        return any(row["opens"] or row["closes"] for row in self.hours)

    @rx.var
    def shop_link(self) -> str:
        return f"/shop/{self.slug}" if self.slug else ""

    def _show(self, s: shop_settings.ShopSettings) -> None:
        self.form = {
            "name": s.name, "description": s.description, "phone": s.phone, "contact_email": s.contact_email,
            "seo_title": s.seo_title, "seo_description": s.seo_description, "radius": str(s.delivery_radius_m),
            "fee": _decimal(s.delivery_fee_minor), "min_order": _decimal(s.min_order_minor),
            "pickup": "1" if s.pickup_enabled else "", "timezone": s.timezone,
        }
        # The page has one span per day; a day saved elsewhere with several shows its first.
        by_day: dict[int, tuple[int, int]] = {}
        for wd, o, c in s.hours:
            by_day.setdefault(wd, (o, c))
        self.hours = [{"day": d, "opens": _clock(by_day[wd][0]) if wd in by_day else "",
                       "closes": _clock(by_day[wd][1]) if wd in by_day else ""} for wd, d in enumerate(DAYS)]
        self.is_open, self.open_now = s.is_open, s.open_now
        self.slug, self.status, self.zone = s.slug, s.status, s.timezone
        self.logo_url, self.banner_url = s.logo_url, s.banner_url
        self.loaded = True

    async def _load(self) -> None:
        try:
            async with reading(self) as (db, actor):
                settings = shop_settings.shop_settings(db, actor, shop_id(actor))
        except ServiceError as exc:
            self.error, self.loaded = exc.message, False
            return
        self._show(settings)

    @rx.event
    async def load(self):
        self.error = self.notice = self.image_error = self.image_notice = ""
        self.busy = False
        await self._load()

    @rx.event
    def set_field(self, name: str, value: str):
        if name in self.form:
            self.form[name] = value

    @rx.event
    def set_pickup(self, on: bool):
        self.form["pickup"] = "1" if on else ""

    @rx.event
    def set_hour(self, index: int, which: str, value: str):
        if 0 <= index < len(self.hours) and which in ("opens", "closes"):
            self.hours[index][which] = value

    @rx.event
    def clear_day(self, index: int):
        if 0 <= index < len(self.hours):
            self.hours[index]["opens"] = self.hours[index]["closes"] = ""

    @rx.event
    async def save_details(self):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        self.image_error = self.image_notice = ""
        yield
        f = self.form
        try:
            changes = dict(
                name=f["name"], description=f["description"], phone=f["phone"], contact_email=f["contact_email"],
                seo_title=f["seo_title"], seo_description=f["seo_description"], timezone=f["timezone"],
                delivery_radius_m=whole_number(f["radius"], "delivery radius (metres)"),
                delivery_fee_minor=parse_money(f["fee"], "delivery fee"),
                min_order_minor=parse_money(f["min_order"], "minimum order"),
                pickup_enabled=f["pickup"] == "1",
            )
            async with acting(self) as (db, actor):
                shop_settings.update_shop(db, actor, shop_id(actor), **changes)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy, self.notice = False, "Shop details saved."
        await self._load()

    @rx.event
    async def save_hours(self):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        self.image_error = self.image_notice = ""
        yield
        try:
            spans = _spans(self.hours)
            async with acting(self) as (db, actor):
                shop_settings.set_hours(db, actor, shop_id(actor), spans)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy = False
        self.notice = "Opening hours saved." if spans else "Opening hours cleared: open whenever the switch is on."
        await self._load()

    @rx.event
    async def set_open(self, on: bool):
        """The manual switch saves at once (closing for a holiday should not wait for a Save)."""
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        self.image_error = self.image_notice = ""
        yield
        try:
            async with acting(self) as (db, actor):
                shop_settings.update_shop(db, actor, shop_id(actor), is_open=bool(on))
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy = False
        self.notice = ("The shop is switched on: it takes orders during its opening hours." if on
                       else "The shop is switched off: customers see it closed and cannot order.")
        await self._load()

    # ---- logo and banner

    async def _upload_image(self, which: str, files: list[rx.UploadFile]):
        """Read the chosen file and store it (checked by content: PNG, JPEG or WebP, at most 5 MB)."""
        if self.busy:
            return
        self.busy, self.error, self.notice, self.image_error, self.image_notice = True, "", "", "", ""
        yield
        if not files:
            self.image_error, self.busy = f"Choose an image for the {which} first.", False
            return
        f = files[0]
        data = await f.read()
        try:
            async with acting(self) as (db, actor):
                shop_settings.set_shop_image(db, actor, shop_id(actor), which, data, f.name or which)
        except ServiceError as exc:
            self.image_error, self.busy = f"{f.name}: {exc.message}" if f.name else exc.message, False
            return
        self.busy, self.image_notice = False, f"{which.capitalize()} uploaded: customers see it on your shop page."
        await self._load()
        yield rx.clear_selected_files(IMAGE_UPLOADS[which])

    @rx.event
    async def upload_logo(self, files: list[rx.UploadFile]):
        async for update in self._upload_image("logo", files):
            yield update

    @rx.event
    async def upload_banner(self, files: list[rx.UploadFile]):
        async for update in self._upload_image("banner", files):
            yield update

    @rx.event
    async def remove_image(self, which: str):
        if self.busy or which not in IMAGE_UPLOADS:
            return
        self.busy, self.error, self.notice, self.image_error, self.image_notice = True, "", "", "", ""
        yield
        try:
            async with acting(self) as (db, actor):
                shop_settings.clear_shop_image(db, actor, shop_id(actor), which)
        except ServiceError as exc:
            self.image_error, self.busy = exc.message, False
            return
        self.busy, self.image_notice = False, f"{which.capitalize()} removed."
        await self._load()
