"""Staff: property fees — generate a period's bills, collection rate by building, arrears,
offline payments, reminders."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.models.base import utcnow
from community_hub.property import billing
from state.property.common import money, staff_community
from state.shared.service_call import acting, reading


def _amount_minor(text: str) -> int:
    """"12.50" → 1250; anything else is refused with a message."""
    text = (text or "").strip().replace(",", "")
    try:
        value = round(float(text) * 100)
    except ValueError:
        raise ServiceError("Enter the amount received, like 125.00.") from None
    return value


class PropertyBillsState(rx.State):
    period: str = ""
    total_rate: str = ""
    total_line: str = ""
    by_building: list[dict[str, str]] = []
    bills: list[dict[str, str]] = []
    arrears: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    busy: bool = False
    # Offline payment dialog.
    pay_id: str = ""
    pay_label: str = ""
    pay_amount: str = ""
    pay_method: str = "cash"
    pay_note: str = ""
    pay_error: str = ""
    methods: list[str] = list(billing.OFFLINE_METHODS)

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                cid = staff_community(actor)
                report = billing.collection_rate(db, actor, cid, self.period)
                bills = billing.list_bills(db, actor, cid, period=self.period)
                late = billing.arrears(db, actor, cid)
        except ServiceError as exc:
            self.error = exc.message
            return
        t, cur = report.total, report.currency
        self.total_rate = f"{t.rate_percent:.1f}%"
        self.total_line = (f"{money(t.collected_minor, cur)} of {money(t.billed_minor, cur)} collected; "
                           f"{t.paid_bills} of {t.bills} bills paid")
        self.by_building = [{"building": r.building, "rate": f"{r.rate_percent:.1f}%", "bills": str(r.bills),
                             "paid": str(r.paid_bills), "billed": money(r.billed_minor, cur),
                             "collected": money(r.collected_minor, cur)} for r in report.by_building]
        self.bills = [{"id": str(b.id), "home": f"{b.building}-{b.unit}", "label": b.label, "status": b.status,
                       "total": money(b.total_minor, b.currency), "paid": money(b.paid_minor, b.currency),
                       "outstanding": money(b.outstanding_minor, b.currency),
                       "owed": f"{b.outstanding_minor / 100:.2f}", "due": b.due_date.isoformat()} for b in bills]
        self.arrears = [{"id": str(a.bill_id), "home": f"{a.building}-{a.unit}", "period": a.period,
                         "outstanding": money(a.outstanding_minor, a.currency), "days": str(a.days_overdue)}
                        for a in late]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.pay_id = ""
        if not self.period:
            self.period = billing.period_of(utcnow())
        await self._load()

    @rx.event
    async def choose_period(self, form: dict):
        self.error = self.notice = ""
        period = (form.get("period") or "").strip()
        try:
            billing.check_period(period)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.period = period
        await self._load()

    @rx.event
    async def refresh(self):
        await self._load()

    @rx.event
    async def generate(self):
        self.error = self.notice = ""
        self.busy = True
        yield
        try:
            async with acting(self) as (db, actor):
                r = billing.generate_bills(db, actor, staff_community(actor), self.period)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy = False
        missing = f" Not billed (no meter reading): {', '.join(r.missing_readings)}." if r.missing_readings else ""
        self.notice = f"{r.created} bills created for {r.period}; {r.skipped} households already had one.{missing}"
        await self._load()

    @rx.event
    async def remind(self):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                n = billing.send_reminders(db, actor, staff_community(actor), period=self.period)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = (f"Reminders sent for {n} unpaid bills." if n else
                       "No reminders sent: every unpaid bill was already reminded in the last 24 hours, or none is unpaid.")

    @rx.event
    def open_payment(self, row: dict):
        self.pay_id, self.pay_label, self.pay_amount = row["id"], f"{row['home']} {row['label']}", row["owed"]
        self.pay_method, self.pay_note, self.pay_error = "cash", "", ""

    @rx.event
    def close_payment(self):
        self.pay_id = ""

    @rx.event
    def set_pay_amount(self, v: str):
        self.pay_amount = v

    @rx.event
    def set_pay_method(self, v: str):
        self.pay_method = v

    @rx.event
    def set_pay_note(self, v: str):
        self.pay_note = v

    @rx.event
    async def record_payment(self):
        self.pay_error = self.notice = ""
        try:
            amount = _amount_minor(self.pay_amount)
            async with acting(self) as (db, actor):
                billing.record_offline_payment(db, actor, int(self.pay_id), amount, self.pay_method, self.pay_note)
        except ServiceError as exc:
            self.pay_error = exc.message
            return
        self.notice = f"Payment of {amount / 100:.2f} recorded for {self.pay_label}."
        self.pay_id = ""
        await self._load()
