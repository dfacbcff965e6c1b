"""Merchant dashboard: the shop, today's orders and revenue, low stock, 30 days of sales."""

from __future__ import annotations

import dataclasses

import reflex as rx

from community_hub import overviews
from community_hub.marketplace import catalog, listing
from community_hub.marketplace import orders as order_svc
from state.merchant.common import money, shop_id
from state.shared.language import in_language
from state.shared.service_call import ScreenState, look, screen_event


def _dashboard(db, actor):
    """The shops, and for the merchant's shop today's numbers, low stock and 30 days (one read)."""
    shops = overviews.merchant_overview(db, actor)
    if not actor.merchant_ids:
        return shops, None
    mid = shop_id(actor)
    return shops, (order_svc.merchant_today(db, actor, mid), catalog.low_stock(db, actor, mid),
                   order_svc.sales_by_day(db, actor, mid, days=30))


class MerchantHomeState(ScreenState, rx.State):
    shops: list[dict[str, str]] = []
    orders_today: int = 0
    revenue_today: str = ""
    open_orders: int = 0
    new_orders: int = 0
    low_stock: list[dict[str, str]] = []
    sales: list[dict[str, str | int | float]] = []
    sales_total: str = ""
    # Shops residents do not see yet, and what to do about it (a new shop waits for its first product).
    unlisted: list[str] = []
    listing_hint: str = listing.HINT

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        shops, shop = await look(self, _dashboard)
        self.shops = [{k: str(v) for k, v in dataclasses.asdict(s).items()} for s in shops]
        unlisted = [s for s in shops if s.status == "approved" and not s.listed]
        self.unlisted = [s.name for s in unlisted]
        # Add a first product, or wait for the review of those added (the first shop's case).
        self.listing_hint = await in_language(self, unlisted[0].listing_hint if unlisted else listing.HINT)
        if shop is None:
            return
        today, low, days = shop
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
