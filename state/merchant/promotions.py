"""Merchant: the shop's own promotions — a named campaign with dates, a banner line and some of
its products, shown on the home page of the communities around the shop (issue 18)."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import catalog, promotions
from community_hub.models.base import utcnow
from state.merchant.common import parse_day, shop_id
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _page(db, actor):
    mid = shop_id(actor)
    return (promotions.list_merchant_promotions(db, actor, mid), catalog.merchant_products(db, actor, mid),
            actor.time_zone)


def _create(db, actor, form: dict, product_ids: list[int]):
    zone = actor.time_zone
    return promotions.create_merchant_promotion(
        db, actor, shop_id(actor), title=form.get("title", ""), banner=form.get("banner", ""),
        starts_at=parse_day(form.get("starts", ""), phrase("first day"), zone=zone),
        ends_at=parse_day(form.get("ends", ""), phrase("last day"), end_of_day=True, zone=zone),
        product_ids=product_ids)


class MerchantPromotionsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    products: list[dict[str, str]] = []
    picked: list[str] = []

    async def _opened(self):
        self.picked = []

    async def _load(self):
        promos, products, zone = await look(self, _page)
        now = utcnow()
        self.products = [{"id": str(p.id), "name": p.name} for p in products if p.available and not p.abnormal]
        running, ended, coming = (await in_language(self, phrase("running")), await in_language(self, phrase("ended")),
                                  await in_language(self, phrase("starts later")))
        self.rows = [{
            "id": str(p.id), "title": p.title, "banner": p.banner,
            "dates": f"{local_time.fmt_date(p.starts_at, zone)} → {local_time.fmt_date(p.ends_at - timedelta(seconds=1), zone)}",
            "status": running if p.active and p.starts_at <= now < p.ends_at else coming if p.active and now < p.starts_at
            else ended, "live": "1" if p.active and now < p.ends_at else ""} for p in promos]

    @rx.event
    def toggle(self, product_id: str, on: bool):
        pid = str(product_id)[:12]
        rest = [p for p in self.picked if p != pid]
        self.picked = (rest + [pid])[:24] if on is True else rest

    @rx.event
    @screen_event
    async def create(self, form: dict):
        form = {k: str(v)[:300] for k, v in form.items()}
        ids = [int(p) for p in self.picked if p.isdigit()]
        if not ids:
            raise ServiceError(phrase("Tick the products the promotion shows."))
        p = await call(self, _create, form, ids)
        self.picked = []
        self.notice = await in_language(self, phrase("Promotion {title} saved: residents around you see it on their "
                                                     "home page while it runs.", title=p.title))
        await self._load()

    @rx.event
    @screen_event
    async def end(self, promotion_id: str):
        p = await call(self, promotions.end_promotion, row_id(promotion_id))
        self.notice = await in_language(self, phrase("Promotion {title} ended.", title=p.title))
        await self._load()
