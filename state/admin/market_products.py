"""Admin: every shop's products, with flagging abnormal ones (hidden until fixed) and lifting flags."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.marketplace import catalog
from state.merchant.common import money
from state.shared.language import in_language
from state.shared.paged_list import SearchedList
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

PAGE_SIZE = 20


class AdminProductsState(SearchedList, rx.State):
    _page_size: int = PAGE_SIZE
    rows: list[dict[str, str]] = []
    flagged_only: bool = False
    flag_id: int = 0
    flag_name: str = ""
    reason: str = ""

    async def _load(self):
        self.rows = []
        found, self.total = await look(self, catalog.admin_products, query=self.query,
                                       flagged_only=self.flagged_only, page=self.page, page_size=PAGE_SIZE)
        self.rows = [{"id": str(r.product.id), "name": r.product.name, "shop": r.merchant_name,
                      "price": money(r.product.price_minor, r.product.currency),
                      "available": "shown" if r.product.available else "hidden",
                      "abnormal": "1" if r.product.abnormal else "", "reason": r.product.abnormal_reason}
                     for r in found]

    async def _opened(self):
        self.page, self.flag_id = 1, 0

    @rx.event
    @screen_event(busy=False)
    async def set_flagged_only(self, on: bool):
        self.flagged_only, self.page = bool(on), 1
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def start_flag(self, row: dict):
        self.flag_id, self.flag_name, self.reason = row_id(row.get("id")), str(row.get("name", ""))[:160], ""

    @rx.event
    def cancel_flag(self):
        self.flag_id = 0

    set_reason = text_setter("reason", 500)

    @rx.event
    @screen_event
    async def flag(self):
        await call(self, catalog.flag_abnormal, self.flag_id, self.reason)
        self.notice = await in_language(self, phrase("{name} is hidden until the shop fixes it.", name=self.flag_name))
        self.flag_id = 0
        await self._load()

    @rx.event
    @screen_event
    async def clear(self, product_id: str):
        p = await call(self, catalog.clear_abnormal, row_id(product_id))
        self.notice = await in_language(self, phrase("Flag lifted: {name} can be shown again.", name=p.name))
        await self._load()
