"""What the kiosk screen shows and remembers (one state: the kiosk is one screen that changes
mode), and the one way its handlers call a service: a refusal is said on the screen itself, a
lobby touch screen has no other place for it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import reflex as rx

from community_hub.core import i18n
from community_hub.core.errors import ServiceError
from state.shared.language import LanguageState, in_language
from state.shared.service_call import call, look

# Screens: attract | shops | shop | product | member | cart | keypad | paying | paid | pickup


class KioskScreen(rx.State, mixin=True):
    kiosk_name: str = ""
    community: str = ""
    error: str = ""  # the kiosk cannot run at all (not paired, wrong account)
    bridge_url: str = ""
    bridge_token: str = ""
    bridge_command: str = ""
    terminal_simulated: bool = False
    scanner_status: str = ""  # "" until the bridge said; connected | disconnected | error | connecting
    bridge_link: str = ""  # "" until the first word from the bridge; up | down

    screen: str = "attract"
    message: str = ""
    message_kind: str = "error"  # error | info
    attract_items: list[dict[str, str]] = []
    urgent: list[dict[str, str]] = []  # the community's urgent notices: a banner over every screen

    product: dict[str, str] = {}
    member_name: str = ""
    pay_bills: list[dict[str, str]] = []  # "To pay", grouped: the household's bills
    pay_orders: list[dict[str, str]] = []  # and the member's orders waiting for payment
    basket: list[dict[str, str]] = []  # the cart's rows (state/kiosk/cart.basket_rows)
    basket_items: int = 0
    basket_total: str = ""
    pay_label: str = ""
    pay_text: str = ""
    receipt_qr: str = ""
    receipt_text: str = ""
    pickup: dict[str, str] = {}
    typed_code: str = ""  # what the pickup-code keypad holds so far
    shop_rows: list[dict[str, str]] = []
    shop_name: str = ""
    shop_items: list[dict[str, str]] = []

    # Backend only: the member's kiosk session token never reaches the browser.
    _member_token: str = ""
    _payment_id: int = 0
    _bridge_payment_id: str = ""
    _terminal: str = "sim_terminal"
    _idle_seconds: int = 60
    _last_active: float = 0.0
    _message_at: float = 0.0
    _simulated: list[str] = []
    _home_lang: str = i18n.DEFAULT  # the kiosk's own language: each new person starts in it

    @rx.var
    def member_logged_in(self) -> bool:
        return self.member_name != ""

    @rx.var
    def cart_bar(self) -> bool:
        """The cart's count and total stay in sight on every screen where the member shops."""
        return self.member_name != "" and self.basket_items > 0 and \
            self.screen in ("member", "shops", "shop", "product", "cart")

    @rx.var
    def scanner_down(self) -> bool:
        return self.scanner_status in ("disconnected", "error")

    def _touch(self) -> None:
        self._last_active = time.monotonic()

    async def _say(self, text: str, kind: str = "error") -> None:
        """`text`: English, a fixed sentence or a `phrase(...)`; shown in the screen's language."""
        self.message, self.message_kind, self._message_at = await self._tr(text), kind, time.monotonic()

    async def _tr(self, text: str) -> str:
        """A message or a label a service handed over (English), in the screen's language."""
        return await in_language(self, text)

    async def _translator(self) -> Callable[[str], str]:
        """`_tr` for many labels at once (one look at the language)."""
        lang = (await self.get_state(LanguageState)).lang
        return lambda text: i18n.localized(lang, text)

    async def _use_language(self, lang: str):
        """The screen switches to `lang` at once (the event that marks <html lang> is returned)."""
        return (await self.get_state(LanguageState))._apply(lang)

    def _clear_session_vars(self) -> None:
        self.screen, self.message, self.product, self.member_name = "attract", "", {}, ""
        self.pay_bills, self.pay_orders, self.pay_label, self.pay_text = [], [], "", ""
        self.basket, self.basket_items, self.basket_total = [], 0, ""
        self.receipt_qr, self.receipt_text, self.pickup, self.typed_code = "", "", {}, ""
        self.shop_rows, self.shop_name, self.shop_items = [], "", []
        self._member_token, self._payment_id, self._bridge_payment_id = "", 0, ""

    async def _run(self, fn: Callable[..., Any], *args: Any, write: bool = True) -> Any:
        """`fn(db, kiosk_actor, *args)` off the event loop; a refusal is shown and gives None."""
        try:
            return await (call if write else look)(self, fn, *args)
        except ServiceError as exc:
            await self._say(exc.message)
            return None
