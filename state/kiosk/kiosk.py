"""The lobby kiosk screen: bridge messages in, screens out.

One state for the whole kiosk (it is one screen that changes mode), put together from its parts:
screen.py (what it shows, how it calls services), member.py (scans, the member, shops, cart),
payment.py (the terminal). Here: loading, the idle clock, and sorting the bridge's messages.
"""

from __future__ import annotations

import asyncio
import json
import time

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.kiosk import attract as kiosk_attract
from community_hub.kiosk import scan as kiosk_scan
from community_hub.kiosk import session as kiosk_session
from community_hub.kiosk import urgent_notices as kiosk_urgent
from community_hub.kiosk.recovery import Move, on_bridge_error, on_bridge_hello
from state.kiosk.cart import KioskCart
from state.kiosk.keypad import KioskKeypad
from state.kiosk.member import KioskMember
from state.kiosk.payment import KioskPayment
from state.kiosk.screen import KioskScreen
from state.shared.live_watch import LiveWatch
from state.shared.service_call import call, look, look_as
from state.shared.session_token import session_token

MESSAGE_SECONDS = 6
URGENT_POLL_SECONDS = 5  # a new urgent notice reaches the lobby within seconds


def _setup(db, kiosk):
    """The kiosk's bridge settings, its attract loop and urgent notices (one read)."""
    return (kiosk_session.bridge_view(db, kiosk), kiosk_attract.attract(db, kiosk),
            kiosk_urgent.urgent_notices(db, kiosk))


def _urgent_rows(notices: list[kiosk_urgent.KioskUrgentNotice]) -> list[dict[str, str]]:
    return [{"id": str(n.id), "title": n.title, "text": n.text} for n in notices]


class KioskState(KioskPayment, KioskCart, KioskKeypad, KioskMember, KioskScreen, LiveWatch, rx.State):
    @rx.event
    async def load(self):
        self._clear_session_vars()
        try:
            view, items, urgent = await look(self, _setup)
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
        self.urgent = _urgent_rows(urgent)
        self._touch()
        self._watch_gen += 1
        return KioskState.idle_watch

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
                await call(self, kiosk_session.end_member_session, self._member_token)
            except ServiceError:
                pass  # already ended (expired): nothing left to end
        self._clear_session_vars()
        self._touch()

    @rx.event(background=True)
    async def idle_watch(self):
        async with self:
            gen = self._watch_gen
            if not self.claim_watch(gen):
                return  # this screen's clock already runs
            token = await session_token(self)
        try:
            tick = 0
            while True:
                await asyncio.sleep(1)
                tick += 1
                urgent = None
                if tick % URGENT_POLL_SECONDS == 0:
                    try:  # outside the state lock: the screen stays responsive while it reads
                        urgent = _urgent_rows(await look_as(token, kiosk_urgent.urgent_notices))
                    except ServiceError:
                        urgent = None  # the kiosk account was logged out: load() says so next time
                async with self:
                    if self._watch_gen != gen or not self.router.url.path.startswith("/kiosk/"):
                        return
                    if urgent is not None and urgent != self.urgent:
                        self.urgent = urgent
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
        if not isinstance(data, dict):
            return
        if kind == "bridge.down":
            self.bridge_link = "down"  # the page's socket to the bridge closed; it keeps retrying
        elif kind == "hello":
            self.bridge_link = "up"
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
        devices = [d for d in data.get("devices") or [] if isinstance(d, dict)]
        self._simulated = [str(d.get("id")) for d in devices if d.get("simulated")]
        for d in devices:
            self._on_device(d.get("id"), d)
            if d.get("kind") == "payment_terminal":
                self.terminal_simulated = bool(d.get("simulated"))
                if d.get("id") == self._terminal and on_bridge_hello(
                        bool(self._payment_id), d.get("payment_id"), self._bridge_payment_id) == Move.SETTLE:
                    await self._settle()  # the bridge restarted or forgot mid-payment: ask the provider

    def _on_device(self, device: str | None, data: dict) -> None:
        # Simulated devices are for demos; the lobby's real scanner is what the notice is about.
        if data.get("kind") == "scanner" and device not in self._simulated:
            was_down = self.scanner_down
            self.scanner_status = str(data.get("status") or "")
            if self.scanner_down and not was_down:
                self._say("The scanner is unplugged. You can still use the touch screen.", "info")
            elif was_down and not self.scanner_down and self.message.startswith("The scanner"):
                self.message = ""

    async def _on_error(self, msg: dict, data: dict) -> None:
        move = on_bridge_error(data.get("code"), msg.get("seq"), bool(self._payment_id))
        if move == Move.UNREADABLE:
            self._touch()
            self._say(kiosk_scan.UNREADABLE)
        elif move == Move.SETTLE:
            self._say(f"The terminal could not take the payment ({data.get('message', 'error')}).")
            await self._settle()
