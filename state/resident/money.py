"""/money and /money/receipt/[payment_id]: the resident's wallet, payments and refunds (paged), and
one printable receipt. The services decide what is the resident's to see; these states only show it."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace.cart import money
from community_hub.payments import receipts
from state.resident.shop_rows import when
from state.shared.service_call import ScreenState, look, screen_event

PAGE_SIZE = 20
KINDS = {"payment": "Payment", "refund": "Refund"}


def _what_for(purpose: str) -> str:
    """`order:12` -> "Order #12"; other purposes (bills, deposits) by their kind."""
    kind, _, ident = purpose.partition(":")
    if kind == "bills":  # every due bill in one payment ("bills:{household}-{last bill}-{total}")
        return "Property bills"
    return f"{kind.replace('_', ' ').capitalize()} #{ident}" if ident else kind.capitalize()


def history_row(r: receipts.HistoryRow, zone: str) -> dict[str, str]:
    return {"key": f"{r.kind}-{r.refund_id or r.payment_id}", "kind": KINDS.get(r.kind, r.kind),
            "is_refund": "1" if r.kind == "refund" else "", "at": when(r.at, zone), "for": _what_for(r.purpose),
            "description": r.description, "amount": money(r.amount_minor, r.currency),
            "status": r.status.replace("_", " "), "payment_id": str(r.payment_id)}


def _money(db, actor):
    return receipts.wallet_balances(db, actor), receipts.resident_history(db, actor), actor.time_zone


def _receipt(db, actor, payment_id: int):
    return receipts.receipt(db, actor, payment_id), actor.time_zone


class ResidentMoneyState(ScreenState, rx.State):
    wallet: list[dict[str, str]] = []
    page: int = 1
    total: int = 0
    loaded: bool = False
    rows: list[dict[str, str]] = []  # the page shown
    # resident_history is capped (newest 200): paging happens over that list, kept backend-only.
    _all: list[dict[str, str]] = []

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    def _show_page(self) -> None:
        start = (self.page - 1) * PAGE_SIZE
        self.rows = self._all[start:start + PAGE_SIZE]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.page, self.loaded = 1, False
        self.wallet, self._all, self.rows, self.total = [], [], [], 0
        balances, history, zone = await look(self, _money)
        self.wallet = [{"currency": cur, "amount": money(amount, cur)} for cur, amount in sorted(balances.items())]
        self._all = [history_row(r, zone) for r in history]
        self.total = len(self._all)
        self._show_page()
        self.loaded = True

    @rx.event
    def goto(self, page: int):
        page = page if isinstance(page, int) else 1
        self.page = min(max(1, page), max(1, -(-self.total // PAGE_SIZE)))
        self._show_page()


class ReceiptState(ScreenState, rx.State):
    found: bool = False
    receipt: dict[str, str] = {}
    refunds: list[dict[str, str]] = []

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.found, self.receipt, self.refunds = False, {}, []
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            raise ServiceError("That payment does not exist or is not yours to see.")
        r, zone = await look(self, _receipt, int(last))
        cur = r.currency
        self.receipt = {
            "number": r.number, "paid_at": when(r.paid_at, zone), "payer": r.payer, "for": _what_for(r.purpose),
            "description": r.description, "amount": money(r.amount_minor, cur),
            "refunded": money(-r.refunded_minor, cur) if r.refunded_minor else "", "net": money(r.net_minor, cur),
            "status": r.status.replace("_", " "), "provider": r.provider, "reference": r.provider_reference,
        }
        self.refunds = [{"at": when(at, zone), "amount": money(-amount, cur)} for at, amount in r.refunds]
        self.found = True
