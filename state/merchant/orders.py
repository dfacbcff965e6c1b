"""Merchant: the shop's orders by state, live, with the moves each order allows now."""

from __future__ import annotations

import asyncio

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import desk as merchant_desk
from community_hub.marketplace import orders as order_svc
from community_hub.models.orders import Fulfilment, OrderState
from state.merchant.common import money, parse_money, shop_id, when
from state.shared.service_call import acting, look_as, reading
from state.shared.session_token import session_token

S = OrderState
POLL_SECONDS = 1.5
ROUTE = "/merchant/orders"
# (filter value, label) for the tabs; "" is every order.
TABS = [("", "All"), (S.PAID, "New"), (S.ACCEPTED, "Accepted"), (S.PREPARING, "Preparing"),
        (S.OUT_FOR_DELIVERY, "Out for delivery"), (S.READY_FOR_PICKUP, "Ready for pickup"),
        (S.DELIVERED, "Delivered"), (S.SIGNED, "Signed"), (S.SETTLED, "Settled"), (S.CANCELLED, "Cancelled"),
        (S.REJECTED, "Rejected"), (S.REFUNDED, "Refunded"), (S.DISPUTED, "Disputed")]


def _moves(state: str, fulfilment: str) -> set[str]:
    """The shop's moves from this state (the service decides again when one is made)."""
    moves = {t for (f, t), who in order_svc.TRANSITIONS.items() if f == state and order_svc.MERCHANT in who}
    moves.discard(S.READY_FOR_PICKUP if fulfilment == Fulfilment.DELIVERY else S.OUT_FOR_DELIVERY)
    return moves


def _row(r: merchant_desk.OrderRow, zone: str) -> dict[str, str]:
    o, moves = r.order, _moves(r.order.state, r.order.fulfilment)
    flag = {True: "1", False: ""}
    return {
        "id": str(o.id), "state": o.state, "state_label": order_svc.STATE_LABELS[o.state],
        "customer": r.customer, "items": r.items, "total": money(o.total_minor, o.currency),
        "fulfilment": o.fulfilment, "address": o.address, "note": o.note, "created": when(o.created_at, zone),
        "courier": f"{o.courier_name} {o.courier_phone}".strip(),
        "paid": money(r.paid_minor, o.currency) if r.paid_minor else "",
        "refunded": money(r.refunded_minor, o.currency) if r.refunded_minor else "",
        "can_accept": flag[S.ACCEPTED in moves], "can_reject": flag[S.REJECTED in moves],
        "can_prepare": flag[S.PREPARING in moves], "can_send": flag[S.OUT_FOR_DELIVERY in moves],
        "can_ready": flag[S.READY_FOR_PICKUP in moves], "can_deliver": flag[S.DELIVERED in moves],
        "can_cancel": flag[S.CANCELLED in moves],
        "can_refund": flag[r.paid_minor > r.refunded_minor],
    }


class MerchantOrdersState(rx.State):
    rows: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    tab: str = ""
    limit: int = 50  # newest first; "Show more" raises it
    error: str = ""
    notice: str = ""
    busy: bool = False
    # The order whose extra fields are open, and which form: send_out | refund | reject | deliver | cancel.
    open_id: str = ""
    open_form: str = ""
    courier_name: str = ""
    courier_phone: str = ""
    refund_amount: str = ""
    reason: str = ""
    pickup_code: str = ""
    # The order page (/merchant/orders/{id}) shows one order and its timeline.
    only_id: int = 0
    timeline: list[dict[str, str]] = []
    _version: tuple[int, int] = (0, 0)
    _watch_gen: int = 0

    @rx.var
    def tabs(self) -> list[dict[str, str]]:
        total = sum(self.counts.values())
        return [{"value": v or "all", "label": f"{label} ({self.counts.get(v, 0) if v else total})"}
                for v, label in TABS]

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                mid = shop_id(actor)
                found = merchant_desk.shop_orders(db, actor, mid, state=self.tab or None, limit=self.limit,
                                                  order_id=self.only_id or None)
                if self.only_id:
                    view = order_svc.get_order(db, actor, self.only_id)
                    self.timeline = [{"label": t.label, "by": t.by_role, "note": t.note, "at": when(t.at, actor.time_zone)}
                                     for t in view.timeline]
                self.counts = order_svc.merchant_today(db, actor, mid).by_state
                self._version = merchant_desk.orders_version(db, actor, mid)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [_row(r, actor.time_zone) for r in found]

    @rx.event
    async def load(self):
        self.only_id = 0
        return await self._start()

    @rx.event
    async def load_one(self):
        try:
            self.only_id = int(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        except ValueError:
            self.only_id = -1
        return await self._start()

    async def _start(self):
        self.error = self.notice = ""
        self.open_id = self.open_form = ""
        self.timeline = []
        self._watch_gen += 1
        await self._load()
        return MerchantOrdersState.watch(self._watch_gen)

    @rx.event
    def stop_watching(self):
        self._watch_gen += 1

    @rx.event(background=True)
    async def watch(self, gen: int):
        """Poll a cheap version while the page is open; reload when another session moved an order."""
        while True:
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if gen != self._watch_gen or not self.router.url.path.startswith(ROUTE):
                    return
                token = await session_token(self)
                seen = self._version
            try:
                version = await look_as(token, _orders_version)
            except ServiceError:
                return
            if version != seen:
                async with self:
                    if gen != self._watch_gen:
                        return
                    await self._load()

    @rx.var
    def more(self) -> bool:
        return self.only_id == 0 and len(self.rows) >= self.limit

    @rx.event
    async def show_more(self):
        self.limit += 50
        await self._load()

    @rx.event
    async def show_tab(self, value: str):
        self.tab, self.limit = ("" if value == "all" else value), 50
        self.open_id = self.open_form = ""
        await self._load()

    @rx.event
    def open(self, order_id: str, form: str):
        self.open_id, self.open_form, self.error, self.notice = order_id, form, "", ""
        self.courier_name = self.courier_phone = self.refund_amount = self.pickup_code = ""
        self.reason = "The shop cannot take this order right now." if form == "reject" else ""

    @rx.event
    def close_form(self):
        self.open_id = self.open_form = ""

    @rx.event
    def set_courier_name(self, value: str):
        self.courier_name = value

    @rx.event
    def set_courier_phone(self, value: str):
        self.courier_phone = value

    @rx.event
    def set_refund_amount(self, value: str):
        self.refund_amount = value

    @rx.event
    def set_reason(self, value: str):
        self.reason = value

    @rx.event
    def set_pickup_code(self, value: str):
        self.pickup_code = value

    async def _act(self, order_id: str, action: str, done: str):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        oid = int(order_id)
        try:
            async with acting(self) as (db, actor):
                if action == "accept":
                    order_svc.accept_order(db, actor, oid)
                elif action == "reject":
                    order_svc.reject_order(db, actor, oid, self.reason)
                elif action == "prepare":
                    order_svc.start_preparing(db, actor, oid)
                elif action == "send_out":
                    order_svc.send_out(db, actor, oid, self.courier_name, self.courier_phone)
                elif action == "ready":
                    order_svc.ready_for_pickup(db, actor, oid)
                elif action == "deliver":
                    order_svc.mark_delivered(db, actor, oid, self.pickup_code or None)
                elif action == "cancel":
                    order_svc.cancel_order(db, actor, oid, self.reason)
                elif action == "refund":
                    amount = parse_money(self.refund_amount, "refund amount")
                    merchant_desk.refund_order(db, actor, oid, amount, reason=self.reason)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            await self._load()
            return
        self.notice, self.busy = done.format(id=oid), False
        self.open_id = self.open_form = ""
        await self._load()

    @rx.event
    async def accept(self, order_id: str):
        async for _ in self._act(order_id, "accept", "Order #{id} accepted."):
            yield

    @rx.event
    async def reject(self):
        async for _ in self._act(self.open_id, "reject", "Order #{id} rejected; the customer is told why."):
            yield

    @rx.event
    async def prepare(self, order_id: str):
        async for _ in self._act(order_id, "prepare", "Order #{id} is being prepared."):
            yield

    @rx.event
    async def send_out(self):
        async for _ in self._act(self.open_id, "send_out", "Order #{id} is out for delivery."):
            yield

    @rx.event
    async def ready(self, order_id: str):
        async for _ in self._act(order_id, "ready", "Order #{id} is ready for pickup."):
            yield

    @rx.event
    async def deliver(self, order_id: str):
        async for _ in self._act(order_id, "deliver", "Order #{id} marked delivered."):
            yield

    @rx.event
    async def deliver_with_code(self):
        async for _ in self._act(self.open_id, "deliver", "Order #{id} handed over."):
            yield

    @rx.event
    async def cancel(self):
        async for _ in self._act(self.open_id, "cancel", "Order #{id} cancelled."):
            yield

    @rx.event
    async def refund(self):
        async for _ in self._act(self.open_id, "refund", "Refund for order #{id} sent."):
            yield


def _orders_version(db, actor) -> tuple[int, int]:
    return merchant_desk.orders_version(db, actor, shop_id(actor))
