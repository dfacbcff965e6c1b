"""The lobby kiosk screen: bridge messages in, screens out.

One state for the whole kiosk (it is one screen that changes mode): the attract loop, what the
scanner or card reader just read, the member logged in by card or phone QR, and a payment at the
terminal. The member's kiosk session token is a backend var: it never reaches the browser.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.kiosk import attract as kiosk_attract
from community_hub.kiosk import pay as kiosk_pay
from community_hub.kiosk import scan as kiosk_scan
from community_hub.kiosk import session as kiosk_session
from community_hub.kiosk import shop as kiosk_shop
from community_hub.kiosk import tickets as kiosk_tickets
from community_hub.marketplace import cart
from state.shared.live_watch import LiveWatch
from state.shared.service_call import acting, reading

DEMO_CARD_NUMBER = "4242424242424242"  # the simulated terminal's approving test card
# Screens: attract | shops | shop | product | member | paying | paid | pickup
MESSAGE_SECONDS = 6


def _envelope(action: str, device: str | None = None, **args) -> str:
    return json.dumps({"v": 1, "id": uuid.uuid4().hex[:12], "type": "action", "device": device,
                       "data": {"action": action, **args}})


class KioskState(LiveWatch, rx.State):
    kiosk_name: str = ""
    community: str = ""
    error: str = ""  # the kiosk cannot run at all (not paired, wrong account)
    bridge_url: str = ""
    bridge_token: str = ""
    bridge_command: str = ""
    terminal_simulated: bool = False
    scanner_status: str = ""  # "" until the bridge said; connected | disconnected | error | connecting

    screen: str = "attract"
    message: str = ""
    message_kind: str = "error"  # error | info
    attract_items: list[dict[str, str]] = []

    product: dict[str, str] = {}
    member_name: str = ""
    payables: list[dict[str, str]] = []
    carts: list[dict[str, str]] = []
    pay_label: str = ""
    pay_text: str = ""
    receipt_qr: str = ""
    receipt_text: str = ""
    pickup: dict[str, str] = {}
    shop_rows: list[dict[str, str]] = []
    shop_name: str = ""
    shop_items: list[dict[str, str]] = []

    _member_token: str = ""
    _payment_id: int = 0
    _bridge_payment_id: str = ""
    _terminal: str = "sim_terminal"
    _idle_seconds: int = 60
    _last_active: float = 0.0
    _message_at: float = 0.0
    _simulated: list[str] = []

    @rx.var
    def member_logged_in(self) -> bool:
        return self.member_name != ""

    @rx.var
    def scanner_down(self) -> bool:
        return self.scanner_status in ("disconnected", "error")

    # ------------------------------------------------------------ loading and the idle clock

    @rx.event
    async def load(self):
        self._clear_session_vars()
        try:
            async with reading(self) as (db, actor):
                view = kiosk_session.bridge_view(db, actor)
                items = kiosk_attract.attract(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return None
        code = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if code != view.kiosk_code:
            self.error = "This kiosk account belongs to another kiosk."
            return None
        self.error = ""
        self.kiosk_name, self.community = view.kiosk_name, view.community
        self.bridge_url, self.bridge_token = view.url, view.token
        self._terminal, self._idle_seconds = view.terminal_device, view.idle_seconds
        self.attract_items = [{"kind": i.kind, "title": i.title, "text": i.text, "image": i.image} for i in items]
        self._touch()
        self._watch_gen += 1
        return KioskState.idle_watch

    def _touch(self) -> None:
        self._last_active = time.monotonic()

    def _clear_session_vars(self) -> None:
        self.screen, self.message, self.product, self.member_name = "attract", "", {}, ""
        self.payables, self.carts, self.pay_label, self.pay_text = [], [], "", ""
        self.receipt_qr, self.receipt_text, self.pickup = "", "", {}
        self.shop_rows, self.shop_name, self.shop_items = [], "", []
        self._member_token, self._payment_id, self._bridge_payment_id = "", 0, ""

    def _say(self, text: str, kind: str = "error") -> None:
        self.message, self.message_kind, self._message_at = text, kind, time.monotonic()

    @rx.event
    def touched(self):
        self._touch()

    @rx.event
    def dismiss(self):
        self._touch()
        self.message = ""

    @rx.event
    async def back_to_attract(self):
        await self._reset()

    async def _reset(self) -> None:
        """Done, or the idle timeout: log the member out and forget everything shown."""
        if self._payment_id:
            await self._settle()
        if self._member_token:
            try:
                async with acting(self) as (db, actor):
                    kiosk_session.end_member_session(db, actor, self._member_token)
            except ServiceError:
                pass
        self._clear_session_vars()
        self._touch()

    @rx.event(background=True)
    async def idle_watch(self):
        async with self:
            gen = self._watch_gen
            if not self.claim_watch(gen):
                return  # this screen's clock already runs
        try:
            while True:
                await asyncio.sleep(1)
                async with self:
                    if self._watch_gen != gen or not self.router.url.path.startswith("/kiosk/"):
                        return
                    now = time.monotonic()
                    if self.message and now - self._message_at > MESSAGE_SECONDS:
                        self.message = ""
                    # A payment in flight is not abandoned by the idle clock: the terminal times out first.
                    if (self.screen != "attract" or self._member_token) and not self._payment_id \
                            and now - self._last_active > self._idle_seconds:
                        await self._reset()
        finally:
            async with self:
                self.release_watch(gen)

    @rx.event
    def stop_watching(self):
        self._watch_gen += 1

    # ------------------------------------------------------------ bridge messages

    @rx.event
    async def on_bridge_message(self, raw: str):
        try:
            msg = json.loads(raw)
        except (TypeError, ValueError):
            return
        if not isinstance(msg, dict):
            return
        kind, data = msg.get("type"), msg.get("data") or {}
        if kind == "hello":
            await self._on_hello(data)
        elif kind == "device.status":
            self._on_device(msg.get("device"), data)
        elif kind == "scan":
            self._touch()
            await self._on_scan(str(data.get("code") or ""))
        elif kind == "card":
            self._touch()
            await self._on_card(data)
        elif kind == "terminal.status":
            await self._on_terminal(data)
        elif kind == "error":
            await self._on_error(msg, data)

    async def _on_hello(self, data: dict) -> None:
        devices = data.get("devices") or []
        self._simulated = [str(d.get("id")) for d in devices if d.get("simulated")]
        for d in devices:
            self._on_device(d.get("id"), d)
            if d.get("kind") == "payment_terminal":
                self.terminal_simulated = bool(d.get("simulated"))
                if self._payment_id and d.get("id") == self._terminal and d.get("payment_id") != self._bridge_payment_id:
                    # The bridge restarted (or forgot) mid-payment: ask the provider, never guess.
                    await self._settle()

    def _on_device(self, device: str | None, data: dict) -> None:
        # Simulated devices are for demos; the lobby's real scanner is what the notice is about.
        if data.get("kind") == "scanner" and device not in self._simulated:
            was_down = self.scanner_down
            self.scanner_status = str(data.get("status") or "")
            if self.scanner_down and not was_down:
                self._say("The scanner is unplugged. You can still use the touch screen.", "info")
            elif was_down and not self.scanner_down and self.message.startswith("The scanner"):
                self.message = ""

    async def _on_scan(self, code: str) -> None:
        what = kiosk_scan.kind_of(code)
        if what == "unreadable":
            self._say(kiosk_scan.UNREADABLE)
        elif what == "product":
            await self._show_product(code)
        elif what == "pickup":
            await self._pick_up(code)
        elif what == "member":
            await self._log_in(lambda db, actor: kiosk_session.phone_login(db, actor, code))
        elif what == "ticket":
            await self._check_in(code)

    async def _check_in(self, code: str) -> None:
        try:
            async with acting(self) as (db, actor):
                done = kiosk_tickets.kiosk_check_in(db, actor, code)
        except ServiceError as exc:
            self._say(exc.message)
            return
        self._say(f"Welcome, {done.name}! You are checked in to {done.event}.", "info")

    async def _show_product(self, code: str) -> None:
        try:
            async with reading(self) as (db, actor):
                p = kiosk_scan.find_product(db, actor, code)
        except ServiceError as exc:
            self._say(exc.message)
            return
        self._put_product(p)

    def _put_product(self, p: kiosk_scan.ProductShown) -> None:
        self.product = {"id": str(p.id), "name": p.name, "price": p.price, "shop": p.shop,
                        "stock": "In stock" if p.in_stock else "Sold out"}
        self.message, self.screen = "", "product"

    async def _pick_up(self, payload: str) -> None:
        try:
            async with acting(self) as (db, actor):
                done = kiosk_scan.pick_up(db, actor, payload)
        except ServiceError as exc:
            self._say(exc.message)
            return
        self.pickup = {"order": f"#{done.order_id}", "shop": done.shop, "where": done.where,
                       "items": ", ".join(done.items)}
        self.message, self.screen = "", "pickup"

    async def _on_card(self, data: dict) -> None:
        await self._log_in(lambda db, actor: kiosk_session.kiosk_login(db, actor, data))

    async def _log_in(self, fn) -> None:
        if self._payment_id:
            self._say("Please finish the payment first.")
            return
        try:
            async with acting(self) as (db, actor):
                login = fn(db, actor)
                if self._member_token:
                    kiosk_session.end_member_session(db, actor, self._member_token)
        except ServiceError as exc:
            self._say(exc.message)
            return
        self._member_token, self.member_name = login.token, login.name
        self.message = ""
        if self.screen not in ("product",):
            self.screen = "member"
        await self._load_member()

    async def _load_member(self) -> None:
        try:
            async with reading(self) as (db, actor):
                rows = kiosk_pay.payable(db, actor, self._member_token)
                member = kiosk_session.member_actor(db, actor, self._member_token)
                carts = cart.my_carts(db, member)
        except ServiceError as exc:
            self._say(exc.message)
            return
        self.payables = [{"kind": r.kind, "id": str(r.id), "label": r.label, "amount": r.amount} for r in rows]
        self.carts = [{"id": str(c.merchant_id), "shop": c.merchant_name, "items": str(c.items)} for c in carts]

    # ------------------------------------------------------------ touch actions

    @rx.event
    async def show_member(self):
        self._touch()
        if not self._member_token:
            self.screen = "attract"
            return
        self.screen, self.receipt_qr, self.receipt_text = "member", "", ""
        await self._load_member()

    @rx.event
    async def browse_shops(self):
        self._touch()
        try:
            async with reading(self) as (db, actor):
                rows = kiosk_shop.shops(db, actor)
        except ServiceError as exc:
            self._say(exc.message)
            return
        self.shop_rows = [{"id": str(r.id), "name": r.name, "category": r.category, "walk": r.walk} for r in rows]
        self.screen, self.message = "shops", ""

    @rx.event
    async def open_shop(self, merchant_id: str):
        self._touch()
        try:
            async with reading(self) as (db, actor):
                name, items = kiosk_shop.shop_products(db, actor, int(merchant_id))
        except ServiceError as exc:
            self._say(exc.message)
            return
        self.shop_name = name
        self.shop_items = [{"id": str(p.id), "name": p.name, "price": p.price,
                            "stock": "" if p.in_stock else "Sold out"} for p in items]
        self.screen, self.message = "shop", ""

    @rx.event
    async def open_product(self, product_id: str):
        self._touch()
        try:
            async with reading(self) as (db, actor):
                p = kiosk_shop.product(db, actor, int(product_id))
        except ServiceError as exc:
            self._say(exc.message)
            return
        self._put_product(p)

    @rx.event
    async def add_to_cart(self):
        self._touch()
        if not self._member_token or not self.product:
            self._say("Scan your member card first to shop.", "info")
            return
        try:
            async with acting(self) as (db, actor):
                member = kiosk_session.member_actor(db, actor, self._member_token)
                cart.add_to_cart(db, member, int(self.product["id"]))
        except ServiceError as exc:
            self._say(exc.message)
            return
        self._say(f"{self.product['name']} is in your cart.", "info")
        await self.show_member()

    @rx.event
    async def check_out(self, merchant_id: str):
        """The member's cart at one shop becomes a pickup order, then pays at the terminal."""
        self._touch()
        try:
            async with acting(self) as (db, actor):
                order = kiosk_pay.order_cart(db, actor, self._member_token, int(merchant_id),
                                             idempotency_key=f"kiosk-{uuid.uuid4().hex[:16]}")
                order_id = order.id
        except ServiceError as exc:
            self._say(exc.message)
            return
        await self.pay("order", str(order_id))

    @rx.event
    async def pay(self, kind: str, item_id: str):
        self._touch()
        if self._payment_id:
            return
        try:
            async with acting(self) as (db, actor):
                charge = kiosk_pay.start(db, actor, self._member_token, kind, int(item_id))
        except ServiceError as exc:
            self._say(exc.message)
            await self._load_member()
            return
        self._payment_id, self._bridge_payment_id = charge.payment_id, charge.bridge_payment_id
        self.pay_label = f"{charge.label}"
        self.pay_text = "Tap, insert or swipe your card on the terminal."
        self.screen, self.message = "paying", ""
        self.bridge_command = _envelope("terminal.start", self._terminal, payment_id=charge.bridge_payment_id,
                                        amount=charge.amount_minor, currency=charge.currency)

    @rx.event
    def tap_demo_card(self):
        """Demo only (simulated terminal): what a customer's tap would do."""
        self._touch()
        if self._payment_id and self.terminal_simulated:
            self.bridge_command = _envelope("terminal.present_card", self._terminal, card=DEMO_CARD_NUMBER,
                                            payment_id=self._bridge_payment_id)

    @rx.event
    async def cancel_payment(self):
        self._touch()
        if not self._payment_id:
            return
        self.bridge_command = _envelope("terminal.cancel", self._terminal, payment_id=self._bridge_payment_id)
        await self._settle()

    async def _on_terminal(self, data: dict) -> None:
        if not self._payment_id or data.get("payment_id") != self._bridge_payment_id:
            return
        state = data.get("state")
        if state in ("approved", "declined"):
            try:
                async with acting(self) as (db, actor):
                    out = kiosk_pay.approved(db, actor, self._member_token, self._payment_id, data)
            except ServiceError as exc:
                self._say(exc.message)
                if exc.code == "sig_stale":
                    # A genuine but old answer (relayed late): the provider decides, not the message.
                    await self._settle()
                # A forged or replayed answer changes nothing: keep waiting for the real terminal.
                return
            await self._finish(out)
        elif state in ("cancelled", "timeout"):
            await self._settle()

    async def _on_error(self, msg: dict, data: dict) -> None:
        if data.get("code") == "bad_frame":
            self._touch()
            self._say(kiosk_scan.UNREADABLE)
        elif msg.get("seq") == 0 and self._payment_id and data.get("code") not in ("not_waiting", "wrong_payment"):
            # The terminal refused our action (busy, disconnected, ...): nothing started.
            self._say(f"The terminal could not take the payment ({data.get('message', 'error')}).")
            await self._settle()

    async def _settle(self) -> None:
        """Ask the provider how the payment ended (nothing charged → cancelled, order unpaid)."""
        if not self._payment_id:
            return
        try:
            async with acting(self) as (db, actor):
                out = kiosk_pay.settle_unfinished(db, actor, self._member_token, self._payment_id)
        except ServiceError as exc:
            self._say(exc.message)
            self._payment_id, self._bridge_payment_id = 0, ""
            self.screen = "member" if self._member_token else "attract"
            return
        await self._finish(out)

    async def _finish(self, out: kiosk_pay.Outcome) -> None:
        self._payment_id, self._bridge_payment_id = 0, ""
        self._touch()
        if out.paid:
            base = os.environ.get("HUB_PUBLIC_URL") or self.router.url.origin
            self.receipt_qr = kiosk_pay.receipt_qr(base, out.receipt_path)
            self.receipt_text, self.screen = out.message, "paid"
            self.message = ""
        else:
            self._say(out.message, "info" if "cancelled" in out.message.lower() else "error")
            self.screen = "member" if self._member_token else "attract"
            await self._load_member()
