"""Staff: the community's work orders — triage, dispatch, the overdue list, CSV export."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property import workorders
from state.property.common import staff_community, status_label, when
from state.shared.language import in_language
from state.shared.list_filter import ListFilter
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

FILTERS = ["open", "overdue", "all", "reported", "triaged", "dispatched", "done", "reopened", "confirmed",
           "cancelled"]


def _page(db, actor, show: str):
    cid = staff_community(actor)
    late = workorders.overdue(db, actor, cid)
    if show == "overdue":
        views = late
    else:
        views = workorders.list_work_orders(db, actor, cid, status=None if show in ("open", "all") else show)
        if show == "open":
            views = [v for v in views if v.status in workorders.OPEN]
    people = workorders.list_workers(db, actor, cid)
    return views, len(late), people, workorders.list_categories(db, cid), actor.time_zone


def _export(db, actor):
    return workorders.export_csv(db, actor, staff_community(actor))


def _add_category(db, actor, name: str, hours: int):
    return workorders.add_category(db, actor, staff_community(actor), name, hours)


def _add_worker(db, actor, name: str, phone: str):
    return workorders.add_worker(db, actor, staff_community(actor), name, phone)


class PropertyWorkOrdersState(LoadedScreen, ListFilter, rx.State):
    rows: list[dict[str, str]] = []
    workers: list[dict[str, str]] = []
    show: str = "open"
    _shows: list[str] = FILTERS
    overdue_count: int = 0
    dispatch_id: int = 0
    dispatch_worker: str = ""
    categories: list[dict[str, str]] = []

    async def _load(self):
        self.rows = []
        views, self.overdue_count, people, cats, zone = await look(self, _page, self.show)
        self.workers = [{"id": str(w.id), "name": w.name, "phone": w.phone, "login": "yes" if w.has_login else ""}
                        for w in people]
        self.categories = [{"name": c.name, "sla": str(c.sla_hours)} for c in cats]
        self.rows = [{"id": str(v.id), "status": v.status, "label": await in_language(self, status_label(v.status)), "category": v.category,
                      "home": f"{v.building}-{v.unit}", "location": v.location, "worker": v.worker_name or "",
                      "created": when(v.created_at, zone), "due": when(v.due_at, zone),
                      "overdue": "1" if v.overdue else "", "visits": str(v.visits), "rating": str(v.rating or "")}
                     for v in views]

    async def _opened(self):
        self.dispatch_id = 0

    @rx.event
    @screen_event
    async def triage(self, wo_id: str):
        await call(self, workorders.triage, row_id(wo_id))
        self.notice = await in_language(self, phrase("#{id} triaged: now dispatch a worker.", id=wo_id))
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def open_dispatch(self, wo_id: str):
        self.dispatch_id, self.dispatch_worker = row_id(wo_id), ""

    @rx.event
    def close_dispatch(self):
        self.dispatch_id = 0

    set_dispatch_worker = text_setter("dispatch_worker", 12)

    @rx.event
    @screen_event
    async def dispatch(self):
        if not self.dispatch_worker.isdigit():
            raise ServiceError(phrase("Choose the worker to send."))
        wo = await call(self, workorders.dispatch, self.dispatch_id, int(self.dispatch_worker))
        name = next((w["name"] for w in self.workers if w["id"] == self.dispatch_worker), phrase("the worker"))
        self.notice = await in_language(self, phrase("#{id} dispatched to {name}.", id=wo.id, name=name))
        self.dispatch_id = 0
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def export(self):
        data = await look(self, _export)
        yield rx.download(data=data, filename="work-orders.csv")

    @rx.event
    @screen_event
    async def add_category(self, form: dict):
        hours = str(form.get("sla") or "").strip()[:12]
        if not hours.isdigit():
            raise ServiceError(phrase("The SLA is a whole number of hours."))
        await call(self, _add_category, str(form.get("name") or "")[:61], int(hours))
        self.notice = await in_language(self, phrase("Category added."))
        await self._load()

    @rx.event
    @screen_event
    async def add_worker(self, form: dict):
        await call(self, _add_worker, str(form.get("name") or "")[:81], str(form.get("phone") or "")[:21])
        self.notice = await in_language(self, phrase("Worker added: they get assignments by SMS."))
        await self._load()
