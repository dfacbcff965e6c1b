"""Admin: every shop's products, with flagging abnormal ones (hidden until fixed) and lifting flags."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import catalog
from community_hub.marketplace import desk as merchant_desk
from state.merchant.common import money
from state.shared.paged_list import PagedList
from state.shared.service_call import acting, reading

PAGE_SIZE = 20


class AdminProductsState(PagedList, rx.State):
    _page_size: int = PAGE_SIZE
    rows: list[dict[str, str]] = []
    query: str = ""
    flagged_only: bool = False
    flag_id: int = 0
    flag_name: str = ""
    reason: str = ""
    error: str = ""
    notice: str = ""


    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                found, self.total = merchant_desk.admin_products(db, actor, query=self.query,
                                                                 flagged_only=self.flagged_only, page=self.page,
                                                                 page_size=PAGE_SIZE)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"id": str(r.product.id), "name": r.product.name, "shop": r.merchant_name,
                      "price": money(r.product.price_minor, r.product.currency),
                      "available": "shown" if r.product.available else "hidden",
                      "abnormal": "1" if r.product.abnormal else "", "reason": r.product.abnormal_reason}
                     for r in found]

    @rx.event
    async def load(self):
        self.page, self.error, self.notice, self.flag_id = 1, "", "", 0
        await self._load()

    @rx.event
    async def search(self, form: dict):
        self.query, self.page = (form.get("q") or "").strip(), 1
        await self._load()

    @rx.event
    async def set_flagged_only(self, on: bool):
        self.flagged_only, self.page = on, 1
        await self._load()


    @rx.event
    def start_flag(self, row: dict):
        self.flag_id, self.flag_name, self.reason, self.error = int(row["id"]), row["name"], "", ""

    @rx.event
    def cancel_flag(self):
        self.flag_id = 0

    @rx.event
    def set_reason(self, text: str):
        self.reason = text

    @rx.event
    async def flag(self):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                catalog.flag_abnormal(db, actor, self.flag_id, self.reason)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice, self.flag_id = f"{self.flag_name} is hidden until the shop fixes it.", 0
        await self._load()

    @rx.event
    async def clear(self, product_id: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                p = catalog.clear_abnormal(db, actor, int(product_id))
                name = p.name
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"Flag lifted: {name} can be shown again."
        await self._load()
