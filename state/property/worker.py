"""A maintenance worker's own screen: the work orders dispatched to them."""

from __future__ import annotations

import reflex as rx

from community_hub.core import i18n
from community_hub.property import workorders
from state.property.common import status_label, when
from state.shared.language import LanguageState
from state.shared.service_call import ScreenState, look, screen_event


def _mine(db, actor):
    views = workorders.list_worker_orders(db, actor)
    return views, workorders.resident_contacts(db, actor, [v.id for v in views]), actor.time_zone


class WorkerOrdersState(ScreenState, rx.State):
    rows: list[dict[str, str]] = []

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.rows = []
        views, contacts, zone = await look(self, _mine)
        lang = (await self.get_state(LanguageState)).lang
        self.rows = [{"id": str(v.id), "label": i18n.localized(lang, status_label(v.status)), "category": v.category,
                      "home": f"{v.building}-{v.unit}", "location": v.location, "preferred": v.preferred_time,
                      "description": v.description, "due": when(v.due_at, zone), "overdue": "1" if v.overdue else "",
                      "resident": contacts.get(v.id, ("", ""))[0], "phone": contacts.get(v.id, ("", ""))[1]}
                     for v in views]
