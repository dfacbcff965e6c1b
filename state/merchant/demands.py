"""Merchant: residents' requests in the shop's category and circle, and sending a quote."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import demands
from state.merchant.common import money, parse_day, parse_money, shop_id, when, whole_number
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event


def _open(db, actor):
    return demands.open_demands_for_merchant(db, actor, shop_id(actor)), actor.time_zone


def _quote(db, actor, demand_id: int, price: int, hours: int, delivery_day: str, note: str):
    # The end of that day where the merchant is, not in UTC.
    delivery_by = parse_day(delivery_day, phrase("delivery date"), end_of_day=True, zone=actor.time_zone)
    return demands.send_quote(db, actor, demand_id, shop_id(actor), price_minor=price, note=note,
                              delivery_by=delivery_by, valid_hours=hours)


class MerchantDemandsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    quoting_id: str = ""
    quoting_title: str = ""

    async def _load(self):
        self.rows = []
        found, zone = await look(self, _open)
        open_budget, any_time = await in_language(self, phrase("no limit")), await in_language(self, phrase("any time"))
        self.rows = [{"id": str(d.id), "title": d.title, "description": d.description, "category": d.category,
                      "budget": money(d.budget_minor, d.currency) if d.budget_minor else open_budget,
                      "needed_by": when(d.needed_by, zone) or any_time, "fulfilment": d.fulfilment,
                      "expires": when(d.expires_at, zone)} for d in found]

    async def _opened(self):
        self.quoting_id = ""

    @rx.event
    def start_quote(self, row: dict):
        self.quoting_id, self.quoting_title = str(row.get("id", ""))[:12], str(row.get("title", ""))[:200]
        self.error = ""

    @rx.event
    def close_quote(self):
        self.quoting_id = ""

    @rx.event
    @screen_event
    async def send_quote(self, form: dict):
        if not self.quoting_id.isdigit():
            raise ServiceError(phrase("Choose the request to quote for."))
        price = parse_money(form.get("price", ""), phrase("price"))
        hours = whole_number(form.get("valid_hours", "") or "24", phrase("hours the quote stays valid"))
        await call(self, _quote, int(self.quoting_id), price, hours, str(form.get("delivery_by") or "")[:20],
                   str(form.get("note") or "")[:500])  # the service keeps 500 characters
        self.notice = await in_language(self, phrase("Quote sent for “{title}”. The resident is told.", title=self.quoting_title))
        self.quoting_id = ""
        await self._load()
