"""Merchant: the shop's orders by state, live, with the moves each order allows now."""

from __future__ import annotations

import json
import time

import reflex as rx

from community_hub.core import change_bell, i18n
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.outage import RecordsAway
from community_hub.marketplace import orders as order_svc
from community_hub.marketplace import shop_moves, shop_orders
from community_hub.models.orders import OrderState
from state.merchant.common import money, parse_money, shop_id, when
from state.shared import router_raw, tab_visits
from state.shared.language import LanguageState, in_language
from state.shared.live_watch import FALLBACK_SECONDS, ClosedTab, LiveWatch, wait_for_change
from state.shared.service_call import ScreenState, call, look, look_as, row_id, screen_event
from state.shared.session_token import session_token
from state.shared.setters import text_setter

S = OrderState
POLL_SECONDS = 1.5
MAX_WATCH_SECONDS = 3600  # a closed tab never unmounts: stop on our own after an hour
ROUTE = "/merchant/orders"
# (filter value, label) for the tabs; "" is every order.
# The page shows each label through t() (so it switches language with the page).
TABS = [("", phrase("All")), (S.PAID, phrase("New")), (S.ACCEPTED, phrase("Accepted")),
        (S.PREPARING, phrase("Preparing")), (S.OUT_FOR_DELIVERY, phrase("Out for delivery")),
        (S.READY_FOR_PICKUP, phrase("Ready for pickup")), (S.DELIVERED, phrase("Delivered")),
        (S.SIGNED, phrase("Signed")), (S.SETTLED, phrase("Settled")), (S.CANCELLED, phrase("Cancelled")),
        (S.REJECTED, phrase("Rejected")), (S.REFUNDED, phrase("Refunded")), (S.DISPUTED, phrase("Disputed"))]


# Loads assets/order_alerts.js once (a script element added by hand runs; one rendered by React
# would not) and answers whether alerts are on in this browser: on | on-no-notifications | off.
ALERTS_LOADER = (
    "new Promise(function (done) {"
    " if (window.hubOrderAlerts) { return done(window.hubOrderAlerts.state()); }"
    " var s = document.createElement('script'); s.src = '/order_alerts.js';"
    " s.onload = function () { done(window.hubOrderAlerts ? window.hubOrderAlerts.state() : 'missing'); };"
    " s.onerror = function () { done('missing'); };"
    " document.head.appendChild(s); })"
)
ALERT_STATES = ("on", "on-no-notifications", "off", "missing")


# The tab title and the notification's heading, in the reader's language (order_alerts.js has no catalog).
BASE_TITLE = phrase("Orders · Community Hub")
NOTIFICATION_TITLE = phrase("New order · Community Hub")


def _title_script(count: int, lang: str):
    return rx.call_script(f"window.hubOrderAlerts && window.hubOrderAlerts.title({int(count)}, "
                          f"{json.dumps(i18n.localized(lang, BASE_TITLE))})")


def _ring_script(count: int, text: str, lang: str):
    return rx.call_script(f"window.hubOrderAlerts && window.hubOrderAlerts.newOrders({int(count)}, "
                          f"{json.dumps(text)}, {json.dumps(i18n.localized(lang, NOTIFICATION_TITLE))})")


def _row(r: shop_orders.OrderRow, zone: str, lang: str) -> dict[str, str]:
    o, moves = r.order, shop_moves.merchant_moves(r.order.state, r.order.fulfilment)
    flag = {True: "1", False: ""}
    return {
        "id": str(o.id), "state": o.state, "state_label": i18n.localized(lang, order_svc.STATE_LABELS[o.state]),
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
        **_made_to_order(o, moves, lang),
    }


def _made_to_order(o, moves: set[str], lang: str) -> dict[str, str]:
    """Made to order (issue 20): Start work instead of Start preparing, then Ready — ask for the
    balance; no hand-over buttons until the balance is paid (the service refuses it anyway)."""
    if not o.deposit_minor:
        return {"made": "", "can_start_work": "", "can_ask_balance": "", "made_text": ""}
    paid = o.balance_paid_at is not None
    state = (phrase("balance paid") if paid else phrase("balance asked for, not paid yet")
             if o.balance_requested_at else phrase("balance due when ready"))
    text = phrase("Deposit {deposit} · balance {balance}: {state}", deposit=money(o.deposit_minor, o.currency),
                  balance=money(o.balance_minor, o.currency), state=state)
    started = o.work_started_at is not None
    return {
        "made": "1", "made_text": i18n.localized(lang, text),
        "can_start_work": "1" if not started and o.state in (S.PAID, S.ACCEPTED, S.PREPARING) else "",
        "can_ask_balance": "1" if started and o.state in (S.PREPARING, S.READY_FOR_PICKUP)
        and not o.balance_requested_at and not paid else "",
        "can_prepare": "", "can_accept": "",
        **({} if paid else {"can_send": "", "can_deliver": "", "can_ready": ""}),
    }


def _page(db, actor, tab: str, limit: int, only_id: int):
    mid = shop_id(actor)
    found = shop_orders.shop_orders(db, actor, mid, state=tab or None, limit=limit, order_id=only_id or None)
    timeline = order_svc.get_order(db, actor, only_id).timeline if only_id else []
    return (found, timeline, order_svc.merchant_today(db, actor, mid).by_state,
            shop_orders.orders_version(db, actor, mid), actor.time_zone, shop_orders.waiting_order_ids(db, actor, mid),
            shop_orders.orders_keys(db, actor, mid))


class MerchantOrdersState(ScreenState, LiveWatch, rx.State):
    rows: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    tab: str = ""
    limit: int = 50  # newest first; "Show more" raises it
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
    _version: tuple[int, int, str] = (0, 0, "")
    # Order alerts: whether this browser rings (set by assets/order_alerts.js), the paid orders
    # waiting as last read, those already rung for, and the count last put in the tab title.
    alerts: str = ""
    _waiting: list[int] = []
    _rung: list[int] = []
    _title_count: int = -1

    # The reader's language, read at each load (the watcher composes notices outside an event).
    _lang: str = ""

    @rx.var
    def tab_counts(self) -> dict[str, str]:
        """How many orders each tab holds ("all": every order), for the tab buttons."""
        total = sum(self.counts.values())
        return {v or "all": str(self.counts.get(v, 0) if v else total) for v, _label in TABS}

    async def _load(self):
        self.rows = []
        self._lang = (await self.get_state(LanguageState)).lang
        since = change_bell.mark()  # before the read: a change during it rings for the watcher
        found, timeline, self.counts, self._version, zone, self._waiting, keys = await look(
            self, _page, self.tab, self.limit, self.only_id)
        self._bell_from_load(since, keys, None)
        self.timeline = [{"label": i18n.localized(self._lang, t.label), "by": t.by_role, "note": t.note, "at": when(t.at, zone)}
                         for t in timeline]
        self.rows = [_row(r, zone, self._lang) for r in found]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.only_id = 0
        yield await self._start()
        yield rx.call_script(ALERTS_LOADER, callback=MerchantOrdersState.alerts_loaded)

    @rx.event
    @screen_event(busy=False)
    async def load_one(self):
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.only_id = int(last) if last.isdigit() else -1
        yield await self._start()
        yield rx.call_script(ALERTS_LOADER, callback=MerchantOrdersState.alerts_loaded)

    async def _start(self):
        self.open_id = self.open_form = ""
        self.timeline = []
        gen = self._next_watch()
        await self._load()
        self._rung, self._title_count = list(self._waiting), -1  # orders waiting already do not ring
        return MerchantOrdersState.watch(gen)

    @rx.event
    def alerts_loaded(self, state: str):
        """What assets/order_alerts.js says after loading or after the merchant pressed the button."""
        self.alerts = state if state in ALERT_STATES else "missing"
        if self.only_id == 0:
            self._title_count = self.counts.get(S.PAID, 0)
            yield _title_script(self._title_count, self._lang)

    def _alerts_due(self) -> tuple[list[int], int | None]:
        """Paid orders not rung for yet, and the tab title's count if it changed (list page only)."""
        fresh = [i for i in self._waiting if i not in self._rung]
        self._rung = list(self._waiting)
        title = None
        if self.only_id == 0 and self.counts.get(S.PAID, 0) != self._title_count:
            title = self._title_count = self.counts.get(S.PAID, 0)
        if fresh:
            self.notice = i18n.localized(self._lang, phrase("New order #{id}: paid and waiting for you.", id=fresh[0])
                                         if len(fresh) == 1 else
                                         phrase("{count} new orders: paid and waiting for you.", count=len(fresh)))
        return fresh, title

    @rx.event(background=True)
    async def watch(self, gen: int):
        """Wait on the change bell for the shop's orders (core/change_bell.py: any worker's commit
        to one of them rings), then read the cheap version outside the state lock and reload when
        it moved; at most every POLL_SECONDS, and every FALLBACK_SECONDS all the same. An idle
        page reads nothing (it polled every 1.5 s). Not `_follow_version`: it rings for new paid
        orders and keeps the tab title's count, and its path (/merchant/orders/{id}) is not one."""
        async with self:
            if not self._claim_watch(gen):
                return
            token = await session_token(self)
            tab, visit = router_raw.tab_token(self), self._visit_of(gen)
            since, keys, _ = self._bell_given or (-1, [], None)
        bell, last_read = [*keys, tab_visits.left_key(tab)], time.monotonic()
        deadline, closed = last_read + MAX_WATCH_SECONDS, ClosedTab(tab)  # a closed tab never says so
        try:
            while time.monotonic() < deadline:
                await wait_for_change(bell, since, last_read, POLL_SECONDS, FALLBACK_SECONDS)
                if tab_visits.current(tab) != visit or closed.for_good():  # another page, or gone: no lock needed
                    return
                async with self:
                    if gen != self._watch_gen or not router_raw.url(self).path.startswith(ROUTE):
                        return
                    seen = self._version
                since, last_read = change_bell.mark(), time.monotonic()
                try:  # outside the state lock: the page stays responsive
                    version, keys = await look_as(token, _orders_version)
                except RecordsAway:  # the database is away: the banner says so; wait on
                    continue
                except ServiceError:
                    return
                bell = [*keys, tab_visits.left_key(tab)]
                async with self:
                    if gen != self._watch_gen:
                        return
                    if version != seen:
                        try:
                            await self._load()
                        except ServiceError:
                            return
                    # Also after the page's own reloads (a button pressed as an order came in).
                    fresh, title = self._alerts_due()
                    waiting, lang = self.counts.get(S.PAID, 0), self._lang
                if title is not None:
                    yield _title_script(title, lang)
                if fresh:
                    yield _ring_script(waiting, self.notice, lang)
        finally:
            async with self:
                self._release_watch(gen)

    @rx.var
    def more(self) -> bool:
        return self.only_id == 0 and len(self.rows) >= self.limit

    @rx.event
    @screen_event(busy=False)
    async def show_more(self):
        self.limit = min(self.limit + 50, 1000)
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def show_tab(self, value: str):
        self.tab, self.limit = ("" if value == "all" else str(value)[:30]), 50
        self.open_id = self.open_form = ""
        await self._load()

    @rx.event
    async def open(self, order_id: str, form: str):
        self.open_id, self.open_form, self.error, self.notice = str(order_id)[:12], str(form)[:20], "", ""
        self.courier_name = self.courier_phone = self.refund_amount = self.pickup_code = ""
        self.reason = (await in_language(self, phrase("The shop cannot take this order right now."))
                       if form == "reject" else "")

    @rx.event
    def close_form(self):
        self.open_id = self.open_form = ""

    set_courier_name = text_setter("courier_name", 80)
    set_courier_phone = text_setter("courier_phone", 40)
    set_refund_amount = text_setter("refund_amount", 20)
    set_reason = text_setter("reason", 500)
    set_pickup_code = text_setter("pickup_code", 20)

    async def _act(self, order_id: str, action: str, done: i18n.Text) -> None:
        oid = row_id(order_id, phrase("That order is not on this page any more."))
        refund = parse_money(self.refund_amount, phrase("refund amount")) if action == "refund" else None
        try:
            await call(self, shop_moves.make_move, oid, action, reason=self.reason, courier_name=self.courier_name,
                       courier_phone=self.courier_phone, pickup_code=self.pickup_code, refund_minor=refund)
        finally:
            await self._load()
        self.notice = await in_language(self, phrase(done.template, id=oid))
        self.open_id = self.open_form = ""

    @rx.event
    @screen_event
    async def accept(self, order_id: str):
        await self._act(order_id, "accept", phrase("Order #{id} accepted."))

    @rx.event
    @screen_event
    async def reject(self):
        await self._act(self.open_id, "reject", phrase("Order #{id} rejected; the customer is told why."))

    @rx.event
    @screen_event
    async def prepare(self, order_id: str):
        await self._act(order_id, "prepare", phrase("Order #{id} is being prepared."))

    @rx.event
    @screen_event
    async def send_out(self):
        await self._act(self.open_id, "send_out", phrase("Order #{id} is out for delivery."))

    @rx.event
    @screen_event
    async def ready(self, order_id: str):
        await self._act(order_id, "ready", phrase("Order #{id} is ready for pickup."))

    @rx.event
    @screen_event
    async def deliver(self, order_id: str):
        await self._act(order_id, "deliver", phrase("Order #{id} marked delivered."))

    @rx.event
    @screen_event
    async def deliver_with_code(self):
        await self._act(self.open_id, "deliver", phrase("Order #{id} handed over."))

    @rx.event
    @screen_event
    async def cancel(self):
        await self._act(self.open_id, "cancel", phrase("Order #{id} cancelled."))

    @rx.event
    @screen_event
    async def start_work(self, order_id: str):
        await self._act(order_id, "start_work", phrase("Work on order #{id} started."))

    @rx.event
    @screen_event
    async def ask_balance(self, order_id: str):
        await self._act(order_id, "ask_balance", phrase("Order #{id} is ready; the customer is asked for the balance."))

    @rx.event
    @screen_event
    async def refund(self):
        await self._act(self.open_id, "refund", phrase("Refund for order #{id} sent."))


def _orders_version(db, actor) -> tuple[tuple[int, int, str], list]:
    """What the watcher reads when the bell rang: the version, and the keys to wait on next."""
    mid = shop_id(actor)
    return shop_orders.orders_version(db, actor, mid), shop_orders.orders_keys(db, actor, mid)
