"""Merchant: residents' requests in the shop's category and circle, and sending a quote."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import demands
from state.merchant.common import money, parse_day, parse_money, shop_id, when, whole_number
from state.shared.service_call import acting, reading


class MerchantDemandsState(rx.State):
    rows: list[dict[str, str]] = []
    quoting_id: str = ""
    quoting_title: str = ""
    error: str = ""
    notice: str = ""
    busy: bool = False

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                found = demands.open_demands_for_merchant(db, actor, shop_id(actor))
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"id": str(d.id), "title": d.title, "description": d.description, "category": d.category,
                      "budget": money(d.budget_minor, d.currency) if d.budget_minor else "open",
                      "needed_by": when(d.needed_by, actor.time_zone) or "any time", "fulfilment": d.fulfilment,
                      "expires": when(d.expires_at, actor.time_zone)} for d in found]

    @rx.event
    async def load(self):
        self.error = self.notice = self.quoting_id = ""
        await self._load()

    @rx.event
    def start_quote(self, row: dict):
        self.quoting_id, self.quoting_title, self.error = row["id"], row["title"], ""

    @rx.event
    def close_quote(self):
        self.quoting_id = ""

    @rx.event
    async def send_quote(self, form: dict):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        try:
            price = parse_money(form.get("price", ""), "price")
            hours = whole_number(form.get("valid_hours", "") or "24", "hours the quote stays valid")
            async with acting(self) as (db, actor):
                # The end of that day where the merchant is, not in UTC.
                delivery_by = parse_day(form.get("delivery_by", ""), "delivery date", end_of_day=True,
                                        zone=actor.time_zone)
                demands.send_quote(db, actor, int(self.quoting_id), shop_id(actor), price_minor=price,
                                   note=form.get("note", ""), delivery_by=delivery_by, valid_hours=hours)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy, self.notice = False, f"Quote sent for “{self.quoting_title}”. The resident is told."
        self.quoting_id = ""
        await self._load()
