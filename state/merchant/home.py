"""Merchant dashboard: the shop, today's orders and revenue, low stock, 30 days of sales."""

from __future__ import annotations

import dataclasses

import reflex as rx

from community_hub import overviews
from community_hub.core.errors import ServiceError
from community_hub.marketplace import catalog
from community_hub.marketplace import orders as order_svc
from state.merchant.common import money, shop_id
from state.shared.service_call import reading


class MerchantHomeState(rx.State):
    shops: list[dict[str, str]] = []
    orders_today: int = 0
    revenue_today: str = ""
    open_orders: int = 0
    new_orders: int = 0
    low_stock: list[dict[str, str]] = []
    sales: list[dict[str, str | int | float]] = []
    sales_total: str = ""
    error: str = ""

    @rx.event
    async def load(self):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                shops = overviews.merchant_overview(db, actor)
                self.shops = [{k: str(v) for k, v in dataclasses.asdict(s).items()} for s in shops]
                if not actor.merchant_ids:
                    return
                mid = shop_id(actor)
                today = order_svc.merchant_today(db, actor, mid)
                low = catalog.low_stock(db, actor, mid)
                days = order_svc.sales_by_day(db, actor, mid, days=30)
        except ServiceError as exc:
            self.error = exc.message
            return
        cur = today.currency
        self.orders_today = today.orders_today
        self.revenue_today = money(today.revenue_today_minor, cur)
        self.new_orders = today.by_state.get("paid", 0)
        self.open_orders = sum(today.by_state.get(s, 0) for s in
                               ("paid", "accepted", "preparing", "out_for_delivery", "ready_for_pickup"))
        self.low_stock = [{"id": str(p.id), "name": p.name, "stock": str(p.stock),
                           "threshold": str(p.low_stock_threshold)} for p in low]
        # Chart points: the day as "MM-DD", sales in major units (a number the chart can plot).
        self.sales = [{"day": d.day[5:], "sales": round(d.sales_minor / 100, 2), "orders": d.orders} for d in days]
        self.sales_total = money(sum(d.sales_minor for d in days), cur)
