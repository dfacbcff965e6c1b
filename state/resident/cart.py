"""/cart: the resident's carts, one per shop, with current prices and what needs attention."""

from __future__ import annotations

import dataclasses

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import cart
from community_hub.marketplace.cart import money
from state.shared.service_call import ScreenState, call, look, screen_event


@dataclasses.dataclass
class CartBox:
    merchant_id: str = ""
    merchant_name: str = ""
    subtotal: str = ""
    coupon: str = ""  # saved on the cart; its discount is worked out at checkout
    problems: list[str] = dataclasses.field(default_factory=list)
    lines: list[dict[str, str]] = dataclasses.field(default_factory=list)


def _carts(db, actor):
    return cart.view_carts(db, actor)


def _num(text) -> int:
    if not str(text).isdigit():
        raise ServiceError("That line is not in your cart any more. Reload the page.")
    return int(text)


class ShopCartState(ScreenState, rx.State):
    carts: list[CartBox] = []
    loaded: bool = False

    async def _load(self):
        self.carts = []
        views = await look(self, _carts)
        self.carts = [
            CartBox(str(v.merchant_id), v.merchant_name, money(v.subtotal_minor, v.currency), v.coupon_code or "",
                    list(v.problems), [
                {"id": str(line.line_id), "name": line.name, "options": line.options_text, "qty": str(line.quantity),
                 "unit": money(line.current_price_minor, v.currency), "total": money(line.line_total_minor, v.currency),
                 "was": money(line.unit_price_minor, v.currency) if line.price_changed else "",
                 "unavailable": "" if line.available else "1"}
                for line in v.lines
            ])
            for v in views if v.lines
        ]
        self.loaded = True

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        await self._load()

    async def _change(self, line_id: str, quantity: int):
        try:
            await call(self, cart.set_quantity, _num(line_id), quantity)
        finally:
            await self._load()  # what the cart holds now, whichever way it went

    @rx.event
    @screen_event
    async def plus(self, line_id: str, qty: str):
        await self._change(line_id, _num(qty) + 1)

    @rx.event
    @screen_event
    async def minus(self, line_id: str, qty: str):
        await self._change(line_id, max(0, _num(qty) - 1))

    @rx.event
    @screen_event
    async def remove(self, line_id: str):
        await self._change(line_id, 0)
