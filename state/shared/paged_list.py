"""What every list read a page at a time shares: the page number, the total, how many pages, and
going to a page. A state mixes it in, sets `_page_size` and defines `_load()` (which reads the
current page and sets `self.total`)."""

from __future__ import annotations

import reflex as rx

from state.shared.service_call import ScreenState, screen_event


class PagedList(ScreenState, mixin=True):
    total: int = 0
    page: int = 1
    _page_size: int = 20

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // self._page_size))

    @rx.event
    @screen_event(busy=False)
    async def goto(self, page: int):
        self.page = min(max(1, page), self.pages)
        await self._load()
