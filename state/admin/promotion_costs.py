"""Admin (finance): what platform coupons cost the platform in a period — the platform's own
statement of the discounts it paid into signed orders, read from the ledger (issue 18)."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import local_time
from community_hub.core.i18n import phrase
from community_hub.marketplace import promotions
from state.merchant.common import money
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import look, screen_event


def _costs(db, actor, start_day: str, end_day: str):
    zone = actor.time_zone
    today = local_time.local_today(zone)
    start = local_time.local_date_start(start_day or (today - timedelta(days=30)).isoformat(), zone, phrase("from"))
    end = local_time.local_date_end(end_day or today.isoformat(), zone, phrase("until"))
    return promotions.coupon_costs(db, actor, start, end), zone


class AdminPromotionCostsState(LoadedScreen, rx.State):
    start: str = ""
    end: str = ""
    rows: list[dict[str, str]] = []
    total: str = ""

    async def _opened(self):
        self.start = self.end = ""

    async def _load(self):
        costs, zone = await look(self, _costs, self.start, self.end)
        self.rows = [{"at": local_time.fmt(r.at, zone), "order": r.reference.replace("order:", "#"), "shop": r.shop,
                      "amount": money(r.amount_minor, r.currency), "memo": r.memo} for r in costs.rows]
        self.total = ", ".join(money(v, c) for c, v in sorted(costs.totals.items())) or money(0)

    @rx.event
    @screen_event
    async def show(self, form: dict):
        self.start, self.end = str(form.get("start", ""))[:10], str(form.get("end", ""))[:10]
        await self._load()
