"""Staff: what of the community a visitor may read on its public site (/c/{slug}) — a switch per
notice, event and channel (site/publicity.py decides who may flip it)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.site import publicity
from state.property.common import staff_community
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, row_id, screen_event


def _overview(db, actor):
    return publicity.overview(db, actor, staff_community(actor))


class StaffPublicSiteState(ScreenState, rx.State):
    front: str = ""  # the community's public front, /c/{slug}
    rows: list[dict[str, str]] = []

    async def _reload(self) -> None:
        slug, rows = await look(self, _overview)
        self.front = f"/c/{slug}"
        self.rows = [{"kind": r.kind, "id": str(r.id), "title": r.title, "public": "1" if r.public else "",
                      "state": r.state} for r in rows]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        await self._reload()

    @rx.event
    @screen_event
    async def switch(self, kind: str, item_id: str, on: bool):
        public = await call(self, publicity.set_public, str(kind)[:16], row_id(item_id), bool(on))
        await self._reload()
        self.notice = await in_language(self, phrase("Shown on the public site.") if public
                                        else phrase("Residents only again."))
