"""/search: products (and shops) in the resident's circle, with filters and paging."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import catalog, resident_shopping
from state.resident.shop_rows import product_row, shop_row
from state.shared.service_call import reading

PAGE_SIZE = 12


def _price(text: str, what: str) -> int | None:
    text = (text or "").strip().lstrip("$")
    if not text:
        return None
    try:
        value = round(float(text) * 100)
    except ValueError:
        raise ServiceError(f"The {what} price is not a number (e.g. 4.50).") from None
    if value < 0:
        raise ServiceError(f"The {what} price cannot be negative.")
    return value


class ShopSearchState(rx.State):
    q: str = ""
    category: str = ""
    min_price: str = ""
    max_price: str = ""
    in_stock: bool = False
    min_rating: str = ""
    sort: str = "relevance"
    page: int = 1
    pages: int = 1
    total: int = 0
    products: list[dict[str, str]] = []
    shops: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    searched: bool = False
    error: str = ""

    async def _run(self):
        self.error = ""
        try:
            filters = dict(category=self.category or None, min_price=_price(self.min_price, "lowest"),
                           max_price=_price(self.max_price, "highest"), in_stock=self.in_stock,
                           min_rating=float(self.min_rating) if self.min_rating else None, sort=self.sort,
                           page=self.page, page_size=PAGE_SIZE)
            async with reading(self) as (db, actor):
                found = resident_shopping.my_search(db, actor, self.q, **filters)
        except ServiceError as exc:
            self.error, self.products, self.shops, self.total, self.pages = exc.message, [], [], 0, 1
            return
        self.searched = True
        self.total, self.pages = found.total, found.pages
        self.products = [product_row(h.product, h.merchant_name, h.merchant_slug) for h in found.products]
        self.shops = [shop_row(h.merchant, h.distance_m, h.walk_minutes) for h in found.merchants]

    @rx.event
    async def load(self):
        self.page, self.error = 1, ""
        self.q = self.router.url.query_parameters.get("q", "") if self.router.url.query_parameters else ""
        try:
            async with reading(self) as (db, _actor):
                tree = catalog.category_tree(db)
        except ServiceError:
            tree = []
        self.categories = [{"slug": n.slug, "name": n.name} for top in tree for n in [top, *top.children]]
        await self._run()

    @rx.event
    async def submit(self, form: dict):
        self.q = (form.get("q") or "").strip()
        self.min_price, self.max_price = form.get("min_price") or "", form.get("max_price") or ""
        self.page = 1
        await self._run()

    @rx.event
    async def set_category(self, value: str):
        self.category, self.page = ("" if value == "all" else value), 1
        await self._run()

    @rx.event
    async def set_sort(self, value: str):
        self.sort, self.page = value, 1
        await self._run()

    @rx.event
    async def set_min_rating(self, value: str):
        self.min_rating, self.page = ("" if value == "any" else value), 1
        await self._run()

    @rx.event
    async def set_in_stock(self, value: bool):
        self.in_stock, self.page = value, 1
        await self._run()

    @rx.event
    async def goto(self, page: int):
        self.page = min(max(1, page), self.pages)
        await self._run()
