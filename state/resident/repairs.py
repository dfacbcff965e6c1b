"""Residents: report a repair (with photos) and follow their household's repairs."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import workorders
from state.property.common import status_label, when
from state.property.photos import read_uploads
from state.shared.service_call import acting, reading

UPLOAD_ID = "repair-photos"


class ResidentRepairsState(rx.State):
    rows: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    category_id: str = ""
    location: str = ""
    description: str = ""
    preferred_time: str = ""
    error: str = ""
    notice: str = ""
    busy: bool = False

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                views = workorders.list_my_work_orders(db, actor)
                cats = workorders.list_categories(db, actor.community_id) if actor.community_id else []
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.categories = [{"id": str(c.id), "name": c.name} for c in cats]
        self.rows = [{"id": str(v.id), "status": v.status, "label": status_label(v.status), "category": v.category,
                      "location": v.location, "created": when(v.created_at, actor.time_zone), "worker": v.worker_name or "",
                      "overdue": "1" if v.overdue else "", "photos": str(len(v.photos))} for v in views]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        await self._load()

    @rx.event
    def set_category_id(self, v: str):
        self.category_id = v

    @rx.event
    def set_location(self, v: str):
        self.location = v

    @rx.event
    def set_description(self, v: str):
        self.description = v

    @rx.event
    def set_preferred_time(self, v: str):
        self.preferred_time = v

    @rx.event
    async def report(self, files: list[rx.UploadFile]):
        """The report with its photos in one go; photos are checked by content before anything is saved."""
        self.error = self.notice = ""
        self.busy = True
        yield
        try:
            photos = await read_uploads(files)
            cat = int(self.category_id) if self.category_id.isdigit() else 0
            async with acting(self) as (db, actor):
                wo = workorders.report_work_order(db, actor, category_id=cat, location=self.location,
                                                  description=self.description, preferred_time=self.preferred_time,
                                                  photos=photos)
                number = wo.id
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy = False
        self.location = self.description = self.preferred_time = self.category_id = ""
        self.notice = f"Repair #{number} reported. The office will look at it and send someone."
        yield rx.clear_selected_files(UPLOAD_ID)
        await self._load()
