"""What every list read a page at a time shares: the page number, the total, how many pages, and
going to a page. A state mixes it in, sets `_page_size` and defines `_load()` (which reads the
current page and sets `self.total`); the page's `load` (from `LoadedScreen`) starts on page 1.
`SearchedList` adds the search box (a form with the field `q`) that starts the list again."""

from __future__ import annotations

import reflex as rx

from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import screen_event

QUERY_LIMIT = 100


class PagedList(LoadedScreen, mixin=True):
    total: int = 0
    page: int = 1
    _page_size: int = 20

    async def _opened(self) -> None:
        self.page = 1

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // self._page_size))

    @rx.event
    @screen_event(busy=False)
    async def goto(self, page: int):
        self.page = min(max(1, page), self.pages)
        await self._load()


class SearchedList(PagedList, mixin=True):
    query: str = ""

    @rx.event
    @screen_event(busy=False)
    async def search(self, form: dict):
        self.query, self.page = (form.get("q") or "").strip()[:QUERY_LIMIT], 1
        await self._load()
