"""/cart: the resident's carts, one per shop, with current prices and what needs attention."""

from __future__ import annotations

import dataclasses

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import cart
from community_hub.marketplace.cart import money
from state.shared.service_call import acting, reading


@dataclasses.dataclass
class CartBox:
    merchant_id: str = ""
    merchant_name: str = ""
    subtotal: str = ""
    problems: list[str] = dataclasses.field(default_factory=list)
    lines: list[dict[str, str]] = dataclasses.field(default_factory=list)


class ShopCartState(rx.State):
    carts: list[CartBox] = []
    busy: bool = False
    loaded: bool = False
    error: str = ""

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                views = [cart.view_cart(db, actor, c.merchant_id) for c in cart.my_carts(db, actor)]
        except ServiceError as exc:
            self.error, self.carts = exc.message, []
            return
        self.carts = [
            CartBox(str(v.merchant_id), v.merchant_name, money(v.subtotal_minor, v.currency), list(v.problems), [
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
    async def load(self):
        self.error = ""
        await self._load()

    async def _change(self, line_id: str, quantity: int):
        self.error, self.busy = "", True
        try:
            async with acting(self) as (db, actor):
                cart.set_quantity(db, actor, int(line_id), quantity)
        except ServiceError as exc:
            self.error = exc.message
        self.busy = False
        await self._load()

    @rx.event
    async def plus(self, line_id: str, qty: str):
        await self._change(line_id, int(qty) + 1)

    @rx.event
    async def minus(self, line_id: str, qty: str):
        await self._change(line_id, max(0, int(qty) - 1))

    @rx.event
    async def remove(self, line_id: str):
        await self._change(line_id, 0)
