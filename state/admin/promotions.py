"""Admin: promotions — platform coupons (make, switch off), platform campaigns (make, end), and
the list of every promotion and shop coupon with its usage and what it gave (issue 18)."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import i18n, local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import promotions
from community_hub.models.orders import CouponKind
from state.merchant.common import money, parse_day, parse_money, whole_number
from state.shared.language import LanguageState, in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event

AUDIENCES = ("all", "community", "level")


def _page(db, actor):
    return promotions.promotions_overview(db, actor), promotions.form_choices(db, actor), actor.time_zone


def _create_coupon(db, actor, form: dict, kind: str, audience: str, community: str, level: str):
    zone = actor.time_zone
    value = (whole_number(form.get("value", ""), phrase("percentage")) if kind == CouponKind.PERCENT
             else parse_money(form.get("value", ""), phrase("amount off")))
    return promotions.create_platform_coupon(
        db, actor, name=form.get("name", ""), kind=kind, value=value,
        min_spend_minor=parse_money(form.get("min_spend", ""), phrase("minimum spend"), allow_blank=True) or 0,
        starts_at=parse_day(form.get("starts", ""), phrase("start date"), zone=zone),
        ends_at=parse_day(form.get("ends", ""), phrase("end date"), end_of_day=True, zone=zone),
        per_member_limit=whole_number(form.get("per_member", "") or "1", phrase("limit per member")),
        total_limit=whole_number(form.get("total", ""), phrase("total limit"), allow_blank=True),
        audience=audience, community_id=int(community) if community.isdigit() else None,
        level_id=int(level) if level.isdigit() else None)


def _create_promotion(db, actor, form: dict, community: str, shop_ids: list[int], product_ids: list[int]):
    zone = actor.time_zone
    return promotions.create_platform_promotion(
        db, actor, title=form.get("title", ""), banner=form.get("banner", ""),
        starts_at=parse_day(form.get("p_starts", ""), phrase("first day"), zone=zone),
        ends_at=parse_day(form.get("p_ends", ""), phrase("last day"), end_of_day=True, zone=zone),
        community_id=int(community) if community.isdigit() else None, merchant_ids=shop_ids,
        product_ids=product_ids)


class AdminPromotionsState(LoadedScreen, rx.State):
    platform_coupons: list[dict[str, str]] = []
    shop_coupons: list[dict[str, str]] = []
    campaigns: list[dict[str, str]] = []
    communities: list[dict[str, str]] = []
    levels: list[dict[str, str]] = []
    shops: list[dict[str, str]] = []
    kind: str = CouponKind.AMOUNT
    audience: str = "all"
    community: str = ""
    level: str = ""
    promo_community: str = "all"
    promo_shops: list[str] = []
    product_query: str = ""
    found_products: list[dict[str, str]] = []  # the search's answer: id, label ("Product · Shop")
    promo_products: list[dict[str, str]] = []  # the products picked for the campaign

    async def _load(self):
        view, (communities, levels, shops), zone = await look(self, _page)
        lang = (await self.get_state(LanguageState)).lang

        def tr(text):
            return i18n.localized(lang, text)

        def day(at):
            return local_time.fmt_date(at, zone, lang) if at else ""

        def valid(start, end):
            # ends_at is the first moment it no longer applies: show the last day it does.
            last = day(end - timedelta(seconds=1)) if end else tr(phrase("no end"))
            return f"{day(start) or tr(phrase('now'))} → {last}"

        names = {str(i): n for i, n in communities}
        level_names = {str(i): n for i, n in levels}
        everyone = tr(phrase("Everyone"))
        self.platform_coupons = [{
            "id": str(c.coupon_id), "name": c.name,
            "off": f"{c.value}%" if c.kind == CouponKind.PERCENT else money(c.value, c.currency),
            "who": names.get(str(c.community_id), "") if c.audience == "community"
            else level_names.get(str(c.level_id), "") if c.audience == "level" else everyone,
            "valid": valid(c.starts_at, c.ends_at),
            "collected": f"{c.collected} / {c.total_limit}" if c.total_limit else str(c.collected),
            "used": str(c.used), "given": money(c.discount_minor, c.currency), "active": "1" if c.active else "",
        } for c in view.platform_coupons]
        self.shop_coupons = [{
            "id": str(c.coupon_id), "shop": c.owner, "code": c.name,
            "off": f"{c.value}%" if c.kind == CouponKind.PERCENT else money(c.value),
            "valid": valid(c.starts_at, c.ends_at), "used": str(c.used), "given": money(c.discount_minor),
            "status": tr(phrase("on") if c.active else phrase("off")),
        } for c in view.shop_coupons]
        self.campaigns = [{
            "id": str(p.promotion_id), "title": p.title, "banner": p.banner,
            "owner": p.owner or tr(phrase("Platform")), "platform": "" if p.owner else "1",
            "dates": f"{day(p.starts_at)} → {day(p.ends_at - timedelta(seconds=1))}", "items": str(p.items),
            "status": tr(phrase("running") if p.running else phrase("not running")), "running": "1" if p.running else "",
        } for p in view.promotions]
        self.communities = [{"value": str(i), "label": n} for i, n in communities]
        self.levels = [{"value": str(i), "label": n} for i, n in levels]
        self.shops = [{"value": str(i), "label": n} for i, n in shops]

    async def _opened(self):
        self.kind, self.audience, self.community, self.level = CouponKind.AMOUNT, "all", "", ""
        self.promo_community, self.promo_shops = "all", []
        self.product_query, self.found_products, self.promo_products = "", [], []

    @rx.event
    def set_kind(self, kind: str):
        self.kind = kind if kind in (CouponKind.AMOUNT, CouponKind.PERCENT) else CouponKind.AMOUNT

    @rx.event
    def set_audience(self, audience: str):
        self.audience = audience if audience in AUDIENCES else "all"

    @rx.event
    def set_community(self, value: str):
        self.community = str(value)[:12]

    @rx.event
    def set_level(self, value: str):
        self.level = str(value)[:12]

    @rx.event
    def set_promo_community(self, value: str):
        self.promo_community = str(value)[:12]

    @rx.event
    def toggle_shop(self, shop_id: str, on: bool):
        shop_id = str(shop_id)[:12]
        rest = [s for s in self.promo_shops if s != shop_id]
        self.promo_shops = (rest + [shop_id])[:24] if on is True else rest

    @rx.event
    @screen_event
    async def search_products(self):
        """Approved products of approved shops whose name holds the words typed."""
        found = await look(self, promotions.search_products, self.product_query)
        self.found_products = [{"id": str(i), "label": f"{name} · {shop}"} for i, name, shop in found]
        if not found:
            self.notice = await in_language(self, phrase("No approved product matches {words}.",
                                                         words=self.product_query))

    @rx.event
    def set_product_query(self, value: str):
        self.product_query = str(value)[:60]

    @rx.event
    def add_product(self, product_id: str):
        hit = next((p for p in self.found_products if p["id"] == str(product_id)), None)
        if hit and all(p["id"] != hit["id"] for p in self.promo_products):
            self.promo_products = (self.promo_products + [hit])[:24]

    @rx.event
    def remove_product(self, product_id: str):
        self.promo_products = [p for p in self.promo_products if p["id"] != str(product_id)]

    @rx.event
    @screen_event
    async def create_coupon(self, form: dict):
        form = {k: str(v)[:100] for k, v in form.items()}
        c = await call(self, _create_coupon, form, self.kind, self.audience, self.community, self.level)
        self.notice = await in_language(self, phrase("Platform coupon {name} created: residents can collect it now.",
                                                     name=c.name))
        await self._load()

    @rx.event
    @screen_event
    async def switch_off(self, coupon_id: str):
        c = await call(self, promotions.switch_off, row_id(coupon_id))
        self.notice = await in_language(self, phrase("Coupon {name} switched off.", name=c.name))
        await self._load()

    @rx.event
    @screen_event
    async def create_promotion(self, form: dict):
        form = {k: str(v)[:300] for k, v in form.items()}
        shops = [int(s) for s in self.promo_shops if s.isdigit()]
        products = [int(p["id"]) for p in self.promo_products if p["id"].isdigit()]
        if not shops and not products:
            raise ServiceError(phrase("Pick at least one product or tick one shop for the promotion."))
        p = await call(self, _create_promotion, form, self.promo_community, shops, products)
        self.notice = await in_language(self, phrase("Promotion {title} saved.", title=p.title))
        self.promo_shops, self.promo_products, self.found_products = [], [], []
        await self._load()

    @rx.event
    @screen_event
    async def end_promotion(self, promotion_id: str):
        p = await call(self, promotions.end_platform_promotion, row_id(promotion_id))
        self.notice = await in_language(self, phrase("Promotion {title} ended.", title=p.title))
        await self._load()
