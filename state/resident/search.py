"""/search: products (and shops) in the resident's circle, with filters and paging."""

from __future__ import annotations

import reflex as rx

from community_hub.core.money import parse_amount
from community_hub.marketplace import catalog, search
from state.resident.shop_rows import product_row, shop_row
from state.shared import router_raw
from state.shared.service_call import ScreenState, look, screen_event

PAGE_SIZE = 12


RATINGS = {"1", "2", "3", "4", "4.5", "5"}


def _price(text: str, what: str) -> int | None:
    return parse_amount(text, "USD", f"{what} price", allow_blank=True)


def _categories(db, actor):
    return catalog.category_tree(db)


class ShopSearchState(ScreenState, rx.State):
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

    async def _run(self):
        self.products, self.shops, self.total, self.pages = [], [], 0, 1
        filters = dict(category=self.category or None, min_price=_price(self.min_price, "lowest"),
                       max_price=_price(self.max_price, "highest"), in_stock=self.in_stock,
                       min_rating=float(self.min_rating) if self.min_rating in RATINGS else None, sort=self.sort,
                       page=self.page, page_size=PAGE_SIZE)
        found = await look(self, search.my_search, self.q, **filters)
        self.searched = True
        self.total, self.pages = found.total, found.pages
        self.products = [product_row(h.product, h.merchant_name, h.merchant_slug) for h in found.products]
        self.shops = [shop_row(h.merchant, h.distance_m, h.walk_minutes) for h in found.merchants]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.page = 1
        query = router_raw.url(self).query_parameters
        self.q = (query.get("q", "") if query else "")[:100]
        tree = await look(self, _categories)
        self.categories = [{"slug": n.slug, "name": n.name} for top in tree for n in [top, *top.children]]
        await self._run()

    @rx.event
    @screen_event(busy=False)
    async def submit(self, form: dict):
        self.q = (form.get("q") or "").strip()[:100]
        self.min_price, self.max_price = (form.get("min_price") or "")[:20], (form.get("max_price") or "")[:20]
        self.page = 1
        await self._run()

    @rx.event
    @screen_event(busy=False)
    async def set_category(self, value: str):
        self.category, self.page = ("" if value == "all" else str(value)[:60]), 1
        await self._run()

    @rx.event
    @screen_event(busy=False)
    async def set_sort(self, value: str):
        self.sort, self.page = str(value)[:20], 1
        await self._run()

    @rx.event
    @screen_event(busy=False)
    async def set_min_rating(self, value: str):
        self.min_rating, self.page = ("" if value not in RATINGS else value), 1
        await self._run()

    @rx.event
    @screen_event(busy=False)
    async def set_in_stock(self, value: bool):
        self.in_stock, self.page = bool(value), 1
        await self._run()

    @rx.event
    @screen_event(busy=False)
    async def goto(self, page: int):
        self.page = min(max(1, page if isinstance(page, int) else 1), self.pages)
        await self._run()
