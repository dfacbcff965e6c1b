"""Residents: their household's bills (current and past, line items, payments), paying one online,
and the statement (CSV download and a printable page)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.permissions import Actor
from community_hub.property import bill_payments, billing
from state.property.common import money, when
from state.shared.service_call import acting, reading

DEMO_CARD = "4242 4242 4242 4242"


def pay_bill_online(db, actor: Actor, bill_id: int, card: str) -> str:
    """Pay one bill with a card through services.bill_payments (the payments hook marks it paid)."""
    payment = bill_payments.pay_bill(db, actor, bill_id, card)
    label = billing.get_bill(db, actor, bill_id).label
    return f"Paid {money(payment.amount_minor, payment.currency)} for {label}. Thank you!"


def _bill_row(b) -> dict[str, str]:
    return {"id": str(b.id), "label": b.label, "kind": b.kind, "status": b.status,
            "total": money(b.total_minor, b.currency), "paid": money(b.paid_minor, b.currency),
            "outstanding": money(b.outstanding_minor, b.currency), "due": b.due_date.isoformat(),
            "home": f"{b.building}-{b.unit}"}


def _lines(b, zone: str) -> list[dict[str, str]]:
    rows = [{"text": x.description, "amount": money(x.amount_minor, b.currency)} for x in b.lines]
    rows += [{"text": f"Paid ({p.method.replace('_', ' ')}) {when(p.at, zone)}", "amount": "-" + money(p.amount_minor, b.currency)}
             for p in b.payments]
    return rows


class ResidentBillsState(rx.State):
    current: list[dict[str, str]] = []
    past: list[dict[str, str]] = []
    lines: dict[str, list[dict[str, str]]] = {}
    error: str = ""
    notice: str = ""
    paying_id: str = ""
    paying_label: str = ""
    paying_amount: str = ""
    card: str = DEMO_CARD
    pay_error: str = ""
    busy: bool = False

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                bills = billing.list_my_bills(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.current = [_bill_row(b) for b in bills if b.status == "unpaid"]
        self.past = [_bill_row(b) for b in bills if b.status != "unpaid"]
        self.lines = {str(b.id): _lines(b, actor.time_zone) for b in bills}

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.paying_id = ""
        await self._load()

    @rx.event
    def start_pay(self, row: dict):
        self.paying_id, self.paying_label, self.paying_amount = row["id"], row["label"], row["outstanding"]
        self.pay_error, self.card = "", DEMO_CARD

    @rx.event
    def close_pay(self):
        self.paying_id = ""

    @rx.event
    def set_card(self, v: str):
        self.card = v

    @rx.event
    async def pay(self):
        self.pay_error = self.notice = ""
        self.busy = True
        yield
        try:
            async with acting(self) as (db, actor):
                message = pay_bill_online(db, actor, int(self.paying_id), self.card)
        except ServiceError as exc:
            self.pay_error, self.busy = exc.message, False
            await self._load()
            return
        self.busy, self.paying_id, self.notice = False, "", message
        await self._load()

    @rx.event
    async def download_statement(self):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                data = billing.statement_csv(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        return rx.download(data=data, filename="statement.csv")


class StatementState(rx.State):
    rows: list[dict[str, str]] = []
    home: str = ""
    balance: str = ""
    error: str = ""

    @rx.event
    async def load(self):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                rows = billing.statement_rows(db, actor)
                bills = billing.list_my_bills(db, actor)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.home = f"{bills[0].building}-{bills[0].unit}" if bills else ""
        self.rows = [{"date": r["date"], "period": r["period"], "bill": str(r["bill"]), "description": r["description"],
                      "amount": money(r["amount_minor"], r["currency"]), "balance": money(r["balance_minor"], r["currency"])}
                     for r in rows]
        self.balance = self.rows[-1]["balance"] if self.rows else "0.00"
