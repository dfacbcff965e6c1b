"""Merchant: money from the ledger — sales, service fees, refunds, payouts — and a CSV statement."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import i18n, local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.payments import statements
from state.merchant.common import money, parse_day, shop_id, when
from state.shared.language import LanguageState
from state.shared.service_call import ScreenState, look, screen_event


def _default_range(zone: str) -> tuple[str, str]:
    today = local_time.local_today(zone)  # the merchant's today, not UTC's
    return (today - timedelta(days=29)).isoformat(), today.isoformat()


def _statement(db, actor, start_day: str, end_day: str):
    """Whole days where the merchant is: the start of the first to the end of the last."""
    start = parse_day(start_day, phrase("start date"), zone=actor.time_zone)
    end = parse_day(end_day, phrase("end date"), end_of_day=True, zone=actor.time_zone)
    if start is None or end is None:
        raise ServiceError(phrase("Choose both dates of the period."))
    mid = shop_id(actor)
    return statements.merchant_statement(db, actor, mid, start, end), statements.merchant_payouts(db, actor, mid), \
        actor.time_zone


def _range(db, actor):
    return _default_range(actor.time_zone)


def _csv(db, actor, start_day: str, end_day: str) -> str:
    return statements.statement_csv(_statement(db, actor, start_day, end_day)[0])


class MerchantFinanceState(ScreenState, rx.State):
    start: str = ""
    end: str = ""
    sales: str = ""
    fees: str = ""
    refunds: str = ""
    payouts_total: str = ""
    owed: str = ""
    rows: list[dict[str, str]] = []
    payouts: list[dict[str, str]] = []

    async def _load(self):
        self.rows = []
        st, payouts, zone = await look(self, _statement, self.start, self.end)
        lang = (await self.get_state(LanguageState)).lang
        self.sales, self.fees = money(st.sales_minor), money(st.service_fees_minor)
        self.refunds, self.payouts_total = money(st.refunds_minor), money(st.payouts_minor)
        self.owed = ", ".join(money(v, c) for c, v in st.owed_now.items()) or money(0)
        self.rows = [{"at": when(r.at, zone), "label": i18n.localized(lang, r.label), "reference": r.reference,
                      "gross": money(r.gross_minor, r.currency), "fee": money(r.service_fee_minor, r.currency),
                      "net": money(r.net_minor, r.currency), "memo": r.memo} for r in st.rows]
        self.payouts = [{"at": when(p.sent_at or p.created_at, zone), "amount": money(p.amount_minor, p.currency),
                         "status": i18n.localized(lang, p.status), "destination": p.destination} for p in payouts]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        if not self.start:
            self.start, self.end = await look(self, _range)
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def set_range(self, form: dict):
        self.start, self.end = str(form.get("start", ""))[:20], str(form.get("end", ""))[:20]
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def export_csv(self):
        data = await look(self, _csv, self.start, self.end)
        yield rx.download(data=data, filename=f"statement-{self.start}-to-{self.end}.csv")
