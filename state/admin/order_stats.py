"""Admin (finance): order statistics — count, value, refunds and fees by day, week or month, or by
shop, community or category, for a span of days; a chart, a table and the CSV. And (customer
service) the logistics view: orders out for delivery, the late ones first."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import local_time
from community_hub.core.money import format_money
from community_hub.marketplace import order_stats
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import look, screen_event


def _defaults(db, actor):
    """The last 30 days, in the admin's own zone."""
    today = local_time.local_today(actor.time_zone)
    return (today - timedelta(days=29)).isoformat(), today.isoformat()


def _row(r) -> dict[str, str]:
    return {"label": r.label or "—", "currency": r.currency, "orders": str(r.orders),
            "value": format_money(r.value_minor, r.currency), "refunds": format_money(r.refunds_minor, r.currency),
            "fees": format_money(r.fees_minor, r.currency)}


def _bar(r) -> dict[str, str | int]:
    # The chart's bars: orders, and value in whole currency units (a picture, not an amount anyone adds up).
    return {"label": r.label or "—", "orders": r.orders, "value": r.value_minor // 100}


class AdminOrderStatsState(LoadedScreen, rx.State):
    start: str = ""
    end: str = ""
    period: str = "day"
    group: str = "time"
    rows: list[dict[str, str]] = []
    totals: list[dict[str, str]] = []
    chart: list[dict[str, str | int]] = []

    async def _opened(self) -> None:
        if not self.start or not self.end:
            self.start, self.end = await look(self, _defaults)

    async def _load(self) -> None:
        stats = await look(self, order_stats.order_statistics, start=self.start, end=self.end, period=self.period,
                           group=self.group)
        self.rows = [_row(r) for r in stats.rows]
        self.totals = [_row(r) for r in stats.totals]
        self.chart = [_bar(r) for r in stats.rows]

    @rx.event
    @screen_event
    async def choose(self, form: dict):
        """The form's dates and groupings; the service refuses what it cannot read."""
        self.start = str(form.get("start") or "")[:10]
        self.end = str(form.get("end") or "")[:10]
        period, group = str(form.get("period") or "day"), str(form.get("group") or "time")
        self.period = period if period in order_stats.PERIODS else "day"
        self.group = group if group in order_stats.GROUPS else "time"
        self.rows, self.totals, self.chart = [], [], []
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def download(self):
        name, body = await look(self, order_stats.statistics_csv, start=self.start, end=self.end,
                                period=self.period, group=self.group)
        yield rx.download(data=body, filename=name)


def _deliveries(db, actor):
    return [(r, local_time.fmt(r.window_end, actor.time_zone) if r.window_end else "")
            for r in order_stats.out_for_delivery(db, actor)]


class AdminLogisticsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []

    async def _load(self) -> None:
        self.rows = [{"id": str(r.order_id), "shop": r.shop, "community": r.community, "address": r.address,
                      "due": due, "courier": r.courier, "late": "1" if r.late else ""}
                     for r, due in await look(self, _deliveries)]

    @rx.event
    @screen_event(busy=False)
    async def refresh(self):
        await self._load()
