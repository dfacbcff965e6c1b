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

from community_hub.core import i18n
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.kiosk import attract as kiosk_attract
from community_hub.kiosk import scan as kiosk_scan
from community_hub.kiosk import session as kiosk_session
from community_hub.kiosk import urgent_notices as kiosk_urgent
from community_hub.kiosk import wallet_pay as kiosk_wallet_pay
from community_hub.kiosk.recovery import Move, on_bridge_error, on_bridge_hello
from state.kiosk.cart import KioskCart
from state.kiosk.keypad import KioskKeypad
from state.kiosk.member import KioskMember
from state.kiosk.payment import KioskPayment
from state.kiosk.screen import KioskScreen
from state.kiosk.wallet_qr import KioskWalletQr
from state.shared.language import LanguageState
from state.shared.live_watch import LiveWatch
from state.shared.service_call import actor_of, call, look, look_as
from state.shared.session_token import session_token

MESSAGE_SECONDS = 6
URGENT_POLL_SECONDS = 5  # a new urgent notice reaches the lobby within seconds
SCANNER_UNPLUGGED = phrase("The scanner is unplugged. You can still use the touch screen.")


def _setup(db, kiosk):
    """The kiosk's bridge settings, its attract loop, urgent notices and the kiosk account's language
    (one read)."""
    return (kiosk_session.bridge_view(db, kiosk), kiosk_attract.attract(db, kiosk),
            kiosk_urgent.urgent_notices(db, kiosk), actor_of(db, kiosk).language)


def _urgent_rows(notices: list[kiosk_urgent.KioskUrgentNotice]) -> list[dict[str, str]]:
    return [{"id": str(n.id), "title": n.title, "text": n.text} for n in notices]


class KioskState(KioskWalletQr, KioskPayment, KioskCart, KioskKeypad, KioskMember, KioskScreen, LiveWatch, rx.State):
    @rx.event
    async def load(self):
        self._clear_session_vars()
        self._clear_qr()
        try:
            view, items, urgent, account_lang = await look(self, _setup)
        except ServiceError as exc:
            self.error = await self._tr(exc.message)
            return None
        code = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if code != view.kiosk_code:
            self.error = await self._tr(phrase("This kiosk account belongs to another kiosk."))
            return None
        self.error = ""
        self.kiosk_name, self.community = view.kiosk_name, view.community
        self.bridge_url, self.bridge_token = view.url, view.token
        self._terminal, self._idle_seconds = view.terminal_device, view.idle_seconds
        self.attract_items = [{"kind": i.kind, "title": i.title, "text": i.text, "image": i.image} for i in items]
        self.urgent = _urgent_rows(urgent)
        # The kiosk's own language: its account's, else what its browser asks for. Each new person
        # starts in it; the English / 中文 switch changes it for them only.
        self._home_lang = account_lang if account_lang in i18n.LANGUAGES else \
            i18n.from_accept_language(self.router.headers.accept_language)
        self._touch()
        self._watch_gen += 1
        return [await self._use_language(self._home_lang), KioskState.idle_watch]

    @rx.event
    def touched(self):
        self._touch()

    @rx.event
    async def choose_language(self, lang: str):
        """The switch on the screen: for the person at the kiosk now, never kept on any account."""
        self._touch()
        return await self._use_language(i18n.known(str(lang)[:8]))

    @rx.event
    def dismiss(self):
        self._touch()
        self.message = ""

    @rx.event
    async def back_to_attract(self):
        return await self._reset()

    async def _reset(self):
        """Done, or the idle timeout: log the member out, forget everything shown, and go back to the
        kiosk's own language (returns the event that marks the page's language)."""
        if self._payment_id:
            await self._settle()
        if self._qr_payment_id:  # a code on screen is closed at the provider before the member leaves
            await self._end_qr(kiosk_wallet_pay.cancel_qr)
            self._clear_qr()
        if self._member_token:
            try:
                await call(self, kiosk_session.end_member_session, self._member_token)
            except ServiceError:
                pass  # already ended (expired): nothing left to end
        self._clear_session_vars()
        self._touch()
        return await self._use_language(self._home_lang)

    @rx.event(background=True)
    async def idle_watch(self):
        async with self:
            gen = self._watch_gen
            if not self._claim_watch(gen):
                return  # this screen's clock already runs
            token = await session_token(self)
        try:
            tick = 0
            while True:
                await asyncio.sleep(1)
                tick += 1
                urgent, switch = None, None
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
                        switch = await self._reset()
                    elif self.screen == "attract" and not self._payment_id \
                            and now - self._last_active > self._idle_seconds:
                        # Nobody logged in, but someone switched the language and walked away.
                        lang = await self.get_state(LanguageState)
                        if lang.lang != self._home_lang:
                            switch = lang._apply(self._home_lang)
                if switch is not None:
                    yield switch
        finally:
            async with self:
                self._release_watch(gen)

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
        if kind == "scan":
            self._touch()
            return await self._on_scan(str(data.get("code") or ""))
        if kind == "card":
            self._touch()
            return await self._on_card(data)
        if kind == "bridge.down":
            self.bridge_link = "down"  # the page's socket to the bridge closed; it keeps retrying
        elif kind == "hello":
            self.bridge_link = "up"
            await self._on_hello(data)
        elif kind == "device.status":
            await self._on_device(msg.get("device"), data)
        elif kind == "terminal.status":
            await self._on_terminal(data)
        elif kind == "error":
            await self._on_error(msg, data)

    async def _on_hello(self, data: dict) -> None:
        devices = [d for d in data.get("devices") or [] if isinstance(d, dict)]
        self._simulated = [str(d.get("id")) for d in devices if d.get("simulated")]
        for d in devices:
            await self._on_device(d.get("id"), d)
            if d.get("kind") == "payment_terminal":
                self.terminal_simulated = bool(d.get("simulated"))
                if d.get("id") == self._terminal and on_bridge_hello(
                        bool(self._payment_id), d.get("payment_id"), self._bridge_payment_id) == Move.SETTLE:
                    await self._settle()  # the bridge restarted or forgot mid-payment: ask the provider

    async def _on_device(self, device: str | None, data: dict) -> None:
        # Simulated devices are for demos; the lobby's real scanner is what the notice is about.
        if data.get("kind") == "scanner" and device not in self._simulated:
            was_down = self.scanner_down
            self.scanner_status = str(data.get("status") or "")
            if self.scanner_down and not was_down:
                await self._say(SCANNER_UNPLUGGED, "info")
            elif was_down and not self.scanner_down and self.message == await self._tr(SCANNER_UNPLUGGED):
                self.message = ""

    async def _on_error(self, msg: dict, data: dict) -> None:
        move = on_bridge_error(data.get("code"), msg.get("seq"), bool(self._payment_id))
        if move == Move.UNREADABLE:
            self._touch()
            await self._say(kiosk_scan.UNREADABLE)
        elif move == Move.SETTLE:
            await self._say(phrase("The terminal could not take the payment ({reason}).",
                                   reason=str(data.get("message", "error"))[:200]))
            await self._settle()
