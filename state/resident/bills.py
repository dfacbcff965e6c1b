"""Residents: their household's bills (current and past, newest period first, line items, payments),
paying one or every due bill online in one payment, and the statement (CSV download and a printable
page). Live: a bill run or a payment recorded by the office shows without a reload."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import Text, phrase, reader, translate
from community_hub.core.local_time import fmt_day
from community_hub.core.permissions import Actor
from community_hub.property import bill_payments, billing
from community_hub.property.billing.reading import my_bills_keys, my_bills_version
from state.property.common import money, when
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import ScreenState, call, look, screen_event
from state.shared.setters import text_setter

DEMO_CARD = "4242 4242 4242 4242"
POLL_SECONDS = 1.0


def pay_bill_online(db, actor: Actor, bill_id: int, card: str) -> Text:
    """Pay one bill with a card through services.bill_payments (the payments hook marks it paid)."""
    payment = bill_payments.pay_bill(db, actor, bill_id, card)
    label = billing.get_bill(db, actor, bill_id).label
    paid = money(payment.amount_minor, payment.currency)
    if payment.held_reason:  # the bill changed while the card was paying: the money is kept, not lost
        return phrase("Your payment of {paid} arrived, but {label} could not take it ({why}). The money is on "
                      "hold: the office will apply it or refund it, and you will be told.",
                      paid=paid, label=label, why=payment.held_reason)
    return phrase("Paid {paid} for {label}. Thank you!", paid=paid, label=label)


def pay_all_online(db, actor: Actor, expected_total_minor: int, card: str) -> Text:
    """Every due bill in one card payment, for the total the resident confirmed."""
    payment = bill_payments.pay_all_bills(db, actor, expected_total_minor, card)
    paid = money(payment.amount_minor, payment.currency)
    if payment.held_reason:
        return phrase("Your payment of {paid} arrived, but the bills could not take it ({why}). The money is on "
                      "hold: the office will apply it or refund it, and you will be told.",
                      paid=paid, why=payment.held_reason)
    return phrase("Paid {paid} for all your due bills. Thank you!", paid=paid)


def _bill_row(b) -> dict[str, str]:
    return {"id": str(b.id), "label": b.label, "kind": b.kind, "status": b.status,
            "total": money(b.total_minor, b.currency), "paid": money(b.paid_minor, b.currency),
            "outstanding": money(b.outstanding_minor, b.currency), "due": fmt_day(b.due_date),  # the reader's way: 2026-12-10 / 2026年12月10日
            "home": f"{b.building}-{b.unit}"}


def _lines(b, zone: str) -> list[dict[str, str]]:
    rows = [{"text": x.description, "amount": money(x.amount_minor, b.currency)} for x in b.lines]
    rows += [{"text": translate(reader(), "Paid ({method}) {at}", method=p.method.replace("_", " "), at=when(p.at, zone)),
              "amount": "-" + money(p.amount_minor, b.currency)} for p in b.payments]
    return rows


def _mine(db, actor):
    return (billing.list_my_bills(db, actor), bill_payments.due_bills(db, actor), actor.time_zone,
            my_bills_version(db, actor))


def _statement(db, actor):
    return billing.statement_rows(db, actor), billing.list_my_bills(db, actor)


class ResidentBillsState(LoadedScreen, LiveWatch, rx.State):
    current: list[dict[str, str]] = []
    past: list[dict[str, str]] = []
    lines: dict[str, list[dict[str, str]]] = {}
    paying_id: str = ""
    paying_label: str = ""
    paying_amount: str = ""
    card: str = DEMO_CARD
    pay_error: str = ""
    # "Pay all due bills": how many, the total as the confirmation says it, and that total in minor
    # units: the Pay button sends back the total on screen when pressed, and the service charges
    # only if exactly that is still due.
    due_count: int = 0
    due_label: str = ""
    due_total: int = 0
    paying_all: bool = False

    async def _load(self):
        bills, due, zone, version = await look(self, _mine)
        self._seen_version = repr(version)
        self.current = [_bill_row(b) for b in bills if b.status == "unpaid"]
        self.past = [_bill_row(b) for b in bills if b.status != "unpaid"]
        self.lines = {str(b.id): _lines(b, zone) for b in bills}
        self.due_count, self.due_label, self.due_total = due.count, due.label, due.total_minor

    async def _opened(self):
        self.paying_id, self.paying_all = "", False

    @rx.event(background=True)
    async def watch(self, gen: int):
        """A bill run, a payment at the office or by another member shows while the page is open."""
        async with self:
            path = self.router.url.path.rstrip("/") or "/bills"
        await self._follow_version(gen, path, POLL_SECONDS, my_bills_version, (), self._load, keys=my_bills_keys)

    @rx.event
    def start_pay_all(self):
        self.paying_all, self.pay_error, self.card = True, "", DEMO_CARD

    @rx.event
    def close_pay_all(self):
        self.paying_all = False

    @rx.event
    @screen_event(error="pay_error")
    async def pay_all(self, shown_total: int):
        if not isinstance(shown_total, int) or isinstance(shown_total, bool):
            raise ServiceError(phrase("Check the total and pay again."))
        try:
            self.notice = await in_language(self, await call(self, pay_all_online, shown_total, self.card))
            self.paying_all = False
        finally:
            await self._load()  # a changed total shows in the dialog at once, for the next press

    @rx.event
    def start_pay(self, row: dict):
        self.paying_id, self.paying_label = str(row.get("id", ""))[:12], str(row.get("label", ""))[:120]
        self.paying_amount = str(row.get("outstanding", ""))[:40]
        self.pay_error, self.card = "", DEMO_CARD

    @rx.event
    def close_pay(self):
        self.paying_id = ""

    set_card = text_setter("card", 40)

    @rx.event
    @screen_event(error="pay_error")
    async def pay(self):
        if not self.paying_id.isdigit():
            raise ServiceError(phrase("Choose the bill to pay."))
        try:
            self.notice = await in_language(self, await call(self, pay_bill_online, int(self.paying_id), self.card))
            self.paying_id = ""
        finally:
            await self._load()

    @rx.event
    @screen_event(busy=False)
    async def download_statement(self):
        data = await look(self, billing.statement_csv)
        yield rx.download(data=data, filename="statement.csv")


class StatementState(ScreenState, rx.State):
    rows: list[dict[str, str]] = []
    home: str = ""
    balance: str = ""

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.rows = []
        rows, bills = await look(self, _statement)
        self.home = f"{bills[0].building}-{bills[0].unit}" if bills else ""
        self.rows = [{"date": r["date"], "period": r["period"], "bill": str(r["bill"]), "description": r["description"],
                      "amount": money(r["amount_minor"], r["currency"]), "balance": money(r["balance_minor"], r["currency"])}
                     for r in rows]
        self.balance = self.rows[-1]["balance"] if self.rows else money(0, "USD")
