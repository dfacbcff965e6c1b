"""Staff: property fees — generate a period's bills, collection rate by building, arrears,
offline payments, reminders."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import parse_amount, plain_amount
from community_hub.models.base import utcnow
from community_hub.property import billing
from state.property.common import money, staff_community
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event
from state.shared.setters import text_setter


def _page(db, actor, period: str):
    cid = staff_community(actor)
    return (billing.collection_rate(db, actor, cid, period), billing.list_bills(db, actor, cid, period=period),
            billing.arrears(db, actor, cid))


def _generate(db, actor, period: str):
    billing.check_run_window(period)
    return billing.generate_bills(db, actor, staff_community(actor), period)


def _preview(db, actor, period: str):
    billing.check_run_window(period)
    return billing.preview_bills(db, actor, staff_community(actor), period)


def _remind(db, actor, period: str):
    return billing.send_reminders(db, actor, staff_community(actor), period=period)


def _bills(n: int):
    return phrase("1 bill") if n == 1 else phrase("{count} bills", count=format(n, ","))


def _households(n: int):
    return phrase("1 household") if n == 1 else phrase("{count} households", count=format(n, ","))


class PropertyBillsState(LoadedScreen, rx.State):
    period: str = ""
    total_rate: str = ""
    total_line: str = ""
    by_building: list[dict[str, str]] = []
    bills: list[dict[str, str]] = []
    arrears: list[dict[str, str]] = []
    # Offline payment dialog.
    pay_id: str = ""
    pay_label: str = ""
    pay_amount: str = ""
    pay_method: str = "cash"
    pay_note: str = ""
    pay_error: str = ""
    methods: list[str] = list(billing.OFFLINE_METHODS)
    # The run's confirmation: what it would bill, read when "Generate" is pressed.
    preview_text: str = ""
    period_min: str = ""
    period_max: str = ""

    async def _load(self):
        report, bills, late = await look(self, _page, self.period)
        t, cur = report.total, report.currency
        self.total_rate = f"{t.rate_percent:.1f}%"
        self.total_line = await in_language(self, phrase(
            "{collected} of {billed} collected; {paid} of {bills} paid", collected=money(t.collected_minor, cur),
            billed=money(t.billed_minor, cur), paid=t.paid_bills, bills=_bills(t.bills)))
        self.by_building = [{"building": r.building, "rate": f"{r.rate_percent:.1f}%", "bills": str(r.bills),
                             "paid": str(r.paid_bills), "billed": money(r.billed_minor, cur),
                             "collected": money(r.collected_minor, cur)} for r in report.by_building]
        self.bills = [{"id": str(b.id), "home": f"{b.building}-{b.unit}", "label": b.label, "status": b.status,
                       "total": money(b.total_minor, b.currency), "paid": money(b.paid_minor, b.currency),
                       "outstanding": money(b.outstanding_minor, b.currency),
                       "owed": plain_amount(b.outstanding_minor, b.currency), "due": b.due_date.isoformat(),
                       "currency": b.currency} for b in bills]
        self.arrears = [{"id": str(a.bill_id), "home": f"{a.building}-{a.unit}", "period": a.period,
                         "outstanding": money(a.outstanding_minor, a.currency), "days": str(a.days_overdue)}
                        for a in late]

    async def _opened(self):
        self.pay_id = ""
        if not self.period:
            self.period = billing.period_of(utcnow())
        self.period_min, self.period_max = billing.run_window()

    @rx.event
    @screen_event(busy=False)
    async def choose_period(self, form: dict):
        self.period = billing.check_period((form.get("period") or "").strip()[:7])
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def refresh(self):
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def preview(self):
        self.preview_text = await in_language(self, phrase("Counting…"))
        p = await look(self, _preview, self.period)
        more = phrase(" {count} households already have theirs.", count=p.already_billed) if p.already_billed else ""
        missing = phrase(" Not billed for lack of a meter reading: {homes}.", homes=", ".join(p.missing_readings)) \
            if p.missing_readings else ""
        self.preview_text = await in_language(self, phrase(
            "{bills} for {period}, {total} in all; each household is told.{more}{missing}",
            bills=phrase("1 bill") if p.households == 1 else phrase("{count} bills", count=p.households),
            period=p.period, total=money(p.total_minor, p.currency), more=more, missing=missing))

    @rx.event
    @screen_event
    async def generate(self):
        r = await call(self, _generate, self.period)
        missing = phrase(" Not billed (no meter reading): {homes}.", homes=", ".join(r.missing_readings)) \
            if r.missing_readings else ""
        self.notice = await in_language(self, phrase(
            "{bills} created for {period}; {households} already had one.{missing}", bills=_bills(r.created),
            period=r.period, households=_households(r.skipped), missing=missing))
        await self._load()

    @rx.event
    @screen_event
    async def remind(self):
        n = await call(self, _remind, self.period)
        self.notice = await in_language(self, phrase("Reminders sent for {count} unpaid bills.", count=n) if n else phrase(
            "No reminders sent: every unpaid bill was already reminded in the last 24 hours, or none is unpaid."))

    @rx.event
    def open_payment(self, row: dict):
        self.pay_id = str(row.get("id", ""))[:12]
        self.pay_label = f"{str(row.get('home', ''))[:20]} {str(row.get('label', ''))[:120]}"
        self.pay_amount = str(row.get("owed", ""))[:20]
        self.pay_method, self.pay_note, self.pay_error = "cash", "", ""

    @rx.event
    def close_payment(self):
        self.pay_id = ""

    set_pay_amount = text_setter("pay_amount", 20)
    set_pay_method = text_setter("pay_method", 20)
    set_pay_note = text_setter("pay_note", 300)

    @rx.event
    @screen_event(error="pay_error")
    async def record_payment(self):
        if not self.pay_id.isdigit():
            raise ServiceError(phrase("Choose the bill first."))
        amount = parse_amount(self.pay_amount, "USD", phrase("amount received"), allow_zero=False)
        payment = await call(self, billing.record_offline_payment, int(self.pay_id), amount, self.pay_method,
                             self.pay_note)
        self.notice = await in_language(self, phrase(
            "Payment of {amount} recorded for {bill}.", amount=money(amount, getattr(payment, "currency", "USD")),
            bill=self.pay_label))
        self.pay_id = ""
        await self._load()
