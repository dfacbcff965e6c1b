"""Staff: the community's work orders — triage, dispatch, the overdue list, CSV export."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import workers as property_workers
from community_hub.property import workorders
from state.property.common import staff_community, status_label, when
from state.shared.service_call import acting, reading

FILTERS = ["open", "overdue", "all", "reported", "triaged", "dispatched", "done", "reopened", "confirmed",
           "cancelled"]


class PropertyWorkOrdersState(rx.State):
    rows: list[dict[str, str]] = []
    workers: list[dict[str, str]] = []
    show: str = "open"
    overdue_count: int = 0
    error: str = ""
    notice: str = ""
    dispatch_id: int = 0
    dispatch_worker: str = ""
    categories: list[dict[str, str]] = []

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                cid = staff_community(actor)
                late = workorders.overdue(db, actor, cid)
                if self.show == "overdue":
                    views = late
                else:
                    status = None if self.show in ("open", "all") else self.show
                    views = workorders.list_work_orders(db, actor, cid, status=status)
                    if self.show == "open":
                        views = [v for v in views if v.status in workorders.OPEN]
                self.workers = [{"id": str(w.id), "name": w.name, "phone": w.phone, "login": "yes" if w.has_login else ""}
                                for w in property_workers.list_workers(db, actor, cid)]
                self.categories = [{"name": c.name, "sla": str(c.sla_hours)} for c in workorders.list_categories(db, cid)]
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.overdue_count = len(late)
        self.rows = [{"id": str(v.id), "status": v.status, "label": status_label(v.status), "category": v.category,
                      "home": f"{v.building}-{v.unit}", "location": v.location, "worker": v.worker_name or "",
                      "created": when(v.created_at, actor.time_zone), "due": when(v.due_at, actor.time_zone), "overdue": "1" if v.overdue else "",
                      "visits": str(v.visits), "rating": str(v.rating or "")} for v in views]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.dispatch_id = 0
        await self._load()

    @rx.event
    async def set_show(self, v: str):
        self.show = v
        await self._load()

    @rx.event
    async def triage(self, wo_id: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                workorders.triage(db, actor, int(wo_id))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"#{wo_id} triaged: now dispatch a worker."
        await self._load()

    @rx.event
    def open_dispatch(self, wo_id: str):
        self.dispatch_id, self.dispatch_worker = int(wo_id), ""

    @rx.event
    def close_dispatch(self):
        self.dispatch_id = 0

    @rx.event
    def set_dispatch_worker(self, v: str):
        self.dispatch_worker = v

    @rx.event
    async def dispatch(self):
        self.error = self.notice = ""
        if not self.dispatch_worker.isdigit():
            self.error = "Choose the worker to send."
            return
        try:
            async with acting(self) as (db, actor):
                wo = workorders.dispatch(db, actor, self.dispatch_id, int(self.dispatch_worker))
                number = wo.id
        except ServiceError as exc:
            self.error = exc.message
            return
        name = next((w["name"] for w in self.workers if w["id"] == self.dispatch_worker), "the worker")
        self.notice, self.dispatch_id = f"#{number} dispatched to {name}.", 0
        await self._load()

    @rx.event
    async def export(self):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                data = workorders.export_csv(db, actor, staff_community(actor))
        except ServiceError as exc:
            self.error = exc.message
            return
        return rx.download(data=data, filename="work-orders.csv")

    @rx.event
    async def add_category(self, form: dict):
        self.error = self.notice = ""
        hours = (form.get("sla") or "").strip()
        try:
            if not hours.isdigit():
                raise ServiceError("The SLA is a whole number of hours.")
            async with acting(self) as (db, actor):
                workorders.add_category(db, actor, staff_community(actor), form.get("name", ""), int(hours))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Category added."
        await self._load()

    @rx.event
    async def add_worker(self, form: dict):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                workorders.add_worker(db, actor, staff_community(actor), form.get("name", ""), form.get("phone", ""))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Worker added: they get assignments by SMS."
        await self._load()
