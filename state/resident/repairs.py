"""Residents: report a repair (with photos) and follow their household's repairs, live."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.property import workorders
from state.property.common import status_label, when
from state.property.photos import read_uploads
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event
from state.shared.setters import text_setter

UPLOAD_ID = "repair-photos"
LIMIT = 2000  # the service says the real limits; this only keeps junk out of the state
POLL_SECONDS = 1.0


def _mine(db, actor):
    views = workorders.list_my_work_orders(db, actor)
    cats = workorders.list_categories(db, actor.community_id) if actor.community_id else []
    return views, cats, actor.time_zone, workorders.my_work_orders_version(db, actor)


class ResidentRepairsState(LoadedScreen, LiveWatch, rx.State):
    rows: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    category_id: str = ""
    location: str = ""
    description: str = ""
    preferred_time: str = ""

    async def _load(self):
        self.rows = []
        views, cats, zone, version = await look(self, _mine)
        self._seen_version = repr(version)
        self.categories = [{"id": str(c.id), "name": c.name} for c in cats]
        self.rows = [{"id": str(v.id), "status": v.status, "label": await in_language(self, status_label(v.status)),
                      "category": v.category, "location": v.location, "created": when(v.created_at, zone),
                      "worker": v.worker_name or "", "overdue": "1" if v.overdue else "", "photos": str(len(v.photos))}
                     for v in views]

    @rx.event(background=True)
    async def watch(self, gen: int):
        """The list follows what staff and workers do (a status badge changes without a reload)."""
        await self._follow_version(gen, "/repairs", POLL_SECONDS, workorders.my_work_orders_version, (), self._load,
                                   keys=workorders.my_work_orders_keys)

    set_category_id = text_setter("category_id", 12)
    set_location = text_setter("location", LIMIT)
    set_description = text_setter("description", LIMIT)
    set_preferred_time = text_setter("preferred_time", LIMIT)

    @rx.event
    @screen_event
    async def report(self, files: list[rx.UploadFile]):
        """The report with its photos in one go; the service checks who reports before anything is saved."""
        photos = await read_uploads(files)
        cat = int(self.category_id) if self.category_id.isdigit() else 0
        wo = await call(self, workorders.report_work_order, category_id=cat, location=self.location,
                        description=self.description, preferred_time=self.preferred_time, photos=photos)
        self.location = self.description = self.preferred_time = self.category_id = ""
        self.notice = await in_language(self, phrase(
            "Repair #{id} reported. The office will look at it and send someone.", id=wo.id))
        yield rx.clear_selected_files(UPLOAD_ID)
        await self._load()
