"""The "Search engines" dialog of a public page: its owner writes the title, description and
keywords search engines show (site/seo.py checks that they own it, on reading and on saving)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.site import seo
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, row_id, screen_event


class SeoEditorState(ScreenState, rx.State):
    opened: bool = False
    title: str = ""
    description: str = ""
    keywords: str = ""
    default_title: str = ""
    default_description: str = ""
    _kind: str = ""
    _ref: int = 0

    @rx.event
    @screen_event(busy=False)
    async def open_editor(self, kind: str, ref: str):
        fields = await look(self, seo.page_seo, str(kind)[:16], row_id(ref))
        self._kind, self._ref = fields.kind, fields.ref_id
        self.title, self.description, self.keywords = fields.title, fields.description, fields.keywords
        self.default_title, self.default_description = fields.default_title, fields.default_description
        self.opened = True

    @rx.event
    def close(self):
        self.opened = False

    @rx.event
    @screen_event
    async def save(self, form: dict):
        if not self._kind:
            return
        await call(self, seo.edit_page_seo, self._kind, self._ref, title=str(form.get("title") or ""),
                   description=str(form.get("description") or ""), keywords=str(form.get("keywords") or ""))
        self.opened = False
        self.notice = await in_language(self, phrase("Saved. Search engines read it on their next visit."))
