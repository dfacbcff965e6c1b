"""A maintenance worker's own screen: the work orders dispatched to them."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import workorders
from state.property.common import status_label, when
from state.shared.service_call import reading


class WorkerOrdersState(rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    async def load(self):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                views = workorders.list_worker_orders(db, actor)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"id": str(v.id), "label": status_label(v.status), "category": v.category,
                      "home": f"{v.building}-{v.unit}", "location": v.location, "preferred": v.preferred_time,
                      "description": v.description, "due": when(v.due_at, actor.time_zone), "overdue": "1" if v.overdue else ""}
                     for v in views]
