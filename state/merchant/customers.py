"""Merchant: who bought from the shop, how often and how much."""

from __future__ import annotations

import reflex as rx

from community_hub.marketplace import orders as order_svc
from state.merchant.common import money, shop_id, when
from state.shared.service_call import ScreenState, look, screen_event


def _customers(db, actor):
    return order_svc.merchant_customers(db, actor, shop_id(actor)), actor.time_zone


class MerchantCustomersState(ScreenState, rx.State):
    rows: list[dict[str, str]] = []

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.rows = []
        found, zone = await look(self, _customers)
        self.rows = [{"name": c.name, "orders": str(c.orders), "spent": money(c.spent_minor),
                      "last": when(c.last_order_at, zone)} for c in found]
