"""Merchant: the shop page — logo and banner, details, delivery terms, time zone, the open/closed
switch, opening hours."""

from __future__ import annotations

import reflex as rx

from community_hub.core import i18n
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import plain_amount
from community_hub.marketplace import shop_settings
from state.merchant.common import parse_money, shop_id, whole_number
from state.property.photos import read_uploads
from state.shared.language import LanguageState, in_language
from state.shared.service_call import ScreenState, call, look, screen_event

# rx.upload ids of the two image pickers on the page (the page imports them).
IMAGE_UPLOADS = {"logo": "shop-logo-upload", "banner": "shop-banner-upload"}
DAYS = (phrase("Monday"), phrase("Tuesday"), phrase("Wednesday"), phrase("Thursday"), phrase("Friday"),
        phrase("Saturday"), phrase("Sunday"))
EMPTY_FORM = {"name": "", "description": "", "phone": "", "contact_email": "", "seo_title": "",
              "seo_description": "", "radius": "", "fee": "", "min_order": "", "pickup": "", "timezone": ""}


def _decimal(minor: int) -> str:
    return plain_amount(minor, "USD")


def _settings(db, actor):
    return shop_settings.shop_settings(db, actor, shop_id(actor))


def _update(db, actor, **changes):
    return shop_settings.update_shop(db, actor, shop_id(actor), **changes)


def _hours(db, actor, spans):
    return shop_settings.set_hours(db, actor, shop_id(actor), spans)


def _image(db, actor, which: str, data: bytes, name: str):
    """set_shop_image checks the merchant runs this shop before it stores the picture."""
    return shop_settings.set_shop_image(db, actor, shop_id(actor), which, data, name)


def _clear_image(db, actor, which: str):
    return shop_settings.clear_shop_image(db, actor, shop_id(actor), which)


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
        raise ServiceError(phrase("{day}: {text} is not a time of day like 09:30.", day=day, text=text)) from None
    return value


def _spans(rows: list[dict[str, str]]) -> list[tuple[int, int, int]]:
    """One row per weekday from the page -> (weekday, opens_min, closes_min); both blank = closed."""
    spans = []
    for wd, row in enumerate(rows):
        opens, closes = row.get("opens", "").strip(), row.get("closes", "").strip()
        if not opens and not closes:
            continue
        if not opens or not closes:
            raise ServiceError(phrase("{day}: give both an opening and a closing time, or leave both blank (closed).",
                                      day=DAYS[wd]))
        o, c = _minutes(opens, DAYS[wd]), _minutes(closes, DAYS[wd])
        if o == c:
            raise ServiceError(phrase("{day}: the opening and closing times are the same.", day=DAYS[wd]))
        spans.append((wd, o, c))
    return spans


class MerchantShopState(ScreenState, rx.State):
    form: dict[str, str] = dict(EMPTY_FORM)
    # One row per weekday: {"day": "Monday", "opens": "09:00", "closes": "18:00"} (blank = closed).
    hours: list[dict[str, str]] = [{"day": d, "opens": "", "closes": ""} for d in DAYS]
    is_open: bool = True  # the manual switch
    open_now: bool = False  # what customers see (switch and hours)
    slug: str = ""
    status: str = ""
    zone: str = ""  # the saved zone the hours are read in
    loaded: bool = False
    # The logo and banner card: current addresses ("" = none) and its own messages, shown beside it.
    logo_url: str = ""
    banner_url: str = ""
    image_error: str = ""
    image_notice: str = ""

    @rx.var
    def seo_title_hint(self) -> str:
        return f"{len(self.form.get('seo_title', ''))}/{shop_settings.MAX_SEO_TITLE}"  # "12/70": the page says "characters"

    @rx.var
    def seo_description_hint(self) -> str:
        return f"{len(self.form.get('seo_description', ''))}/{shop_settings.MAX_SEO_DESCRIPTION}"

    @rx.var
    def description_hint(self) -> str:
        return f"{len(self.form.get('description', ''))}/{shop_settings.MAX_SHOP_DESCRIPTION}"

    @rx.var
    def has_hours(self) -> bool:
        """Once any day has hours, a day without them is closed; with none, no day is."""
        return any(row["opens"] or row["closes"] for row in self.hours)

    @rx.var
    def shop_link(self) -> str:
        return f"/shop/{self.slug}" if self.slug else ""

    def _show(self, s: shop_settings.ShopSettings, lang: str) -> None:
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
        self.hours = [{"day": i18n.localized(lang, d), "opens": _clock(by_day[wd][0]) if wd in by_day else "",
                       "closes": _clock(by_day[wd][1]) if wd in by_day else ""} for wd, d in enumerate(DAYS)]
        self.is_open, self.open_now = s.is_open, s.open_now
        self.slug, self.status, self.zone = s.slug, s.status, s.timezone
        self.logo_url, self.banner_url = s.logo_url, s.banner_url
        self.loaded = True

    async def _load(self) -> None:
        try:
            settings = await look(self, _settings)
        except ServiceError:
            self.loaded = False
            raise
        self._show(settings, (await self.get_state(LanguageState)).lang)

    def _clear_image_messages(self) -> None:
        self.image_error = self.image_notice = ""

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self._clear_image_messages()
        self.busy = False
        await self._load()

    @rx.event
    def set_field(self, name: str, value: str):
        if name in self.form:
            self.form[name] = str(value)[:2000]

    @rx.event
    def set_pickup(self, on: bool):
        self.form["pickup"] = "1" if on else ""

    @rx.event
    def set_hour(self, index: int, which: str, value: str):
        if isinstance(index, int) and 0 <= index < len(self.hours) and which in ("opens", "closes"):
            self.hours[index][which] = str(value)[:8]

    @rx.event
    def clear_day(self, index: int):
        if isinstance(index, int) and 0 <= index < len(self.hours):
            self.hours[index]["opens"] = self.hours[index]["closes"] = ""

    @rx.event
    @screen_event
    async def save_details(self):
        self._clear_image_messages()
        f = self.form
        changes = dict(
            name=f["name"], description=f["description"], phone=f["phone"], contact_email=f["contact_email"],
            seo_title=f["seo_title"], seo_description=f["seo_description"], timezone=f["timezone"],
            delivery_radius_m=whole_number(f["radius"], phrase("delivery radius (metres)")),
            delivery_fee_minor=parse_money(f["fee"], phrase("delivery fee")),
            min_order_minor=parse_money(f["min_order"], phrase("minimum order")),
            pickup_enabled=f["pickup"] == "1",
        )
        await call(self, _update, **changes)
        self.notice = await in_language(self, phrase("Shop details saved."))
        await self._load()

    @rx.event
    @screen_event
    async def save_hours(self):
        self._clear_image_messages()
        spans = _spans(self.hours)
        await call(self, _hours, spans)
        self.notice = await in_language(self, phrase("Opening hours saved.") if spans else
                                        phrase("Opening hours cleared: open whenever the switch is on."))
        await self._load()

    @rx.event
    @screen_event
    async def set_open(self, on: bool):
        """The manual switch saves at once (closing for a holiday should not wait for a Save)."""
        self._clear_image_messages()
        await call(self, _update, is_open=bool(on))
        self.notice = await in_language(self, phrase("The shop is switched on: it takes orders during its opening hours.")
                                        if on else
                                        phrase("The shop is switched off: customers see it closed and cannot order."))
        await self._load()

    # ---- logo and banner (their own messages, shown beside the card)

    async def _upload_image(self, which: str, files: list[rx.UploadFile]) -> None:
        """Read the chosen file; the service checks the merchant, then the picture (PNG, JPEG or WebP,
        at most 5 MB, decoded), and only then stores it."""
        self._clear_image_messages()
        if not files:
            raise ServiceError(phrase("Choose an image for the logo first.") if which == "logo" else
                               phrase("Choose an image for the banner first."))
        [(name, data)] = (await read_uploads(files[:1])) or [("", b"")]
        try:
            await call(self, _image, which, data, name or which)
        except ServiceError as exc:
            raise ServiceError(phrase("{name}: {problem}", name=name, problem=exc.message) if name else exc.message) from None
        self.image_notice = await in_language(self, phrase("Logo uploaded: customers see it on your shop page.")
                                              if which == "logo" else
                                              phrase("Banner uploaded: customers see it on your shop page."))
        await self._load()

    @rx.event
    @screen_event(error="image_error")
    async def upload_logo(self, files: list[rx.UploadFile]):
        await self._upload_image("logo", files)
        yield rx.clear_selected_files(IMAGE_UPLOADS["logo"])

    @rx.event
    @screen_event(error="image_error")
    async def upload_banner(self, files: list[rx.UploadFile]):
        await self._upload_image("banner", files)
        yield rx.clear_selected_files(IMAGE_UPLOADS["banner"])

    @rx.event
    @screen_event(error="image_error")
    async def remove_image(self, which: str):
        if which not in IMAGE_UPLOADS:
            return
        self._clear_image_messages()
        await call(self, _clear_image, which)
        self.image_notice = await in_language(self, phrase("Logo removed.") if which == "logo" else
                                              phrase("Banner removed."))
        await self._load()
