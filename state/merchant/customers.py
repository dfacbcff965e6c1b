"""Merchant: who bought from the shop, how often and how much."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import orders as order_svc
from state.merchant.common import money, shop_id, when
from state.shared.service_call import reading


class MerchantCustomersState(rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    async def load(self):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                found = order_svc.merchant_customers(db, actor, shop_id(actor))
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"name": c.name, "orders": str(c.orders), "spent": money(c.spent_minor),
                      "last": when(c.last_order_at, actor.time_zone)} for c in found]
