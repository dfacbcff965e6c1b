"""The kiosk member's cart on the screen: its lines (name, unit price, quantity with big + and −,
remove), a total per shop and the total of everything, which the page keeps in sight."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.kiosk import member_cart
from community_hub.kiosk.member_cart import KioskBasket


def _row_id(text) -> int:
    return int(text) if str(text).isdigit() else 0  # 0 matches nothing: the service says "not found"


def basket_rows(b: KioskBasket, tr: Callable[[str], str] = str) -> list[dict[str, str]]:
    """One flat list for the page (a foreach cannot nest lists in dicts): per shop a "head" row,
    its "line" rows, then a "foot" row with the shop's total and its pay button. `tr` puts the
    words (item counts, what stops the order) in the screen's language."""
    rows: list[dict[str, str]] = []
    for c in b.carts:
        base = {"merchant_id": str(c.merchant_id), "shop": c.shop}
        rows.append({**base, "kind": "head"})
        for ln in c.lines:
            rows.append({**base, "kind": "line", "id": str(ln.line_id), "name": ln.name, "unit": ln.unit_price,
                         "quantity": str(ln.quantity), "total": ln.line_total, "photo": ln.photo_url,
                         "can_add": "1" if ln.can_add else "", "can_less": "1" if ln.quantity > 1 else ""})
        items = phrase("{count} item", count=c.items) if c.items == 1 else phrase("{count} items", count=c.items)
        rows.append({**base, "kind": "foot", "items": tr(items), "total": c.total,
                     "problems": " ".join(tr(p) for p in c.problems),
                     "can_order": "1" if c.can_order else "",
                     # the cardholder's member price, its own line as at checkout (issue 16)
                     "member": tr(c.member_label) if c.member_label else "", "member_amount": c.member_discount,
                     "other_discount": c.other_discount})
    return rows


class KioskCart(rx.State, mixin=True):
    async def _put_basket(self, b: KioskBasket) -> None:
        self.basket, self.basket_items, self.basket_total = basket_rows(b, await self._translator()), b.items, b.total

    async def _load_basket(self) -> bool:
        b = await self._run(member_cart.basket, self._member_token, write=False)
        if b is None:
            return False
        await self._put_basket(b)
        return True

    @rx.event
    async def view_cart(self):
        self._touch()
        if not self._member_token:
            await self._say(phrase("Scan your member card first to shop."), "info")
            return
        if await self._load_basket():
            self.screen, self.message = "cart", ""

    @rx.event
    async def more(self, line_id: str):
        await self._change(member_cart.step_quantity, _row_id(line_id), 1)

    @rx.event
    async def less(self, line_id: str):
        await self._change(member_cart.step_quantity, _row_id(line_id), -1)

    @rx.event
    async def remove_line(self, line_id: str):
        await self._change(member_cart.remove_line, _row_id(line_id))

    async def _change(self, fn, *args) -> None:
        self._touch()
        if not self._member_token:
            return
        await self._run(fn, self._member_token, *args)
        await self._load_basket()  # after a refusal too: the screen shows what the cart really holds
