"""A member's questions to shops: ask one, read the answers (from the shop, or from the
platform's customer service for a shop it covers)."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.i18n import phrase
from community_hub.marketplace import shop_questions
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter


def _page(db, actor):
    return (shop_questions.askable_shops(db, actor),
            [(q, local_time.fmt(q.created_at, actor.time_zone)) for q in shop_questions.my_questions(db, actor)])


class QuestionsState(LoadedScreen, rx.State):
    shops: list[dict[str, str]] = []
    rows: list[dict[str, str]] = []
    shop: str = ""
    text: str = ""

    set_text = text_setter("text", 1100)

    @rx.event
    def set_shop(self, value: str):
        self.shop = str(value)[:12]

    async def _load(self) -> None:
        shops, mine = await look(self, _page)
        self.shops = [{"value": str(i), "label": n} for i, n in shops]
        self.rows = [{"id": str(q.id), "shop": q.shop, "text": q.text, "answer": q.answer, "at": at,
                      "by_platform": "1" if q.to_platform else ""} for q, at in mine]

    @rx.event
    @screen_event
    async def ask(self):
        view = await call(self, shop_questions.ask, row_id(self.shop, phrase("Choose a shop to ask.")), self.text)
        self.text = ""
        await self._load()
        self.notice = await in_language(self, phrase("Sent to {shop}. The answer arrives in your inbox.",
                                                      shop=view.shop))
