"""One work order for whoever may see it (its household, the community's staff, the assigned
worker): details, photos, timeline, and the moves this person may make now."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.models import Role
from community_hub.property import workers as property_workers
from community_hub.property import workorders
from state.property.common import staff_community, status_label, when
from state.property.photos import photo_src, read_uploads
from state.shared.service_call import acting, reading
from state.shared.session import SessionState

DONE_UPLOAD_ID = "done-photos"
WORKER_MOVES = ("accepted", "on_the_way", "in_progress")


class RepairDetailState(rx.State):
    wo_id: int = 0
    status: str = ""
    status_text: str = ""
    category: str = ""
    location: str = ""
    description: str = ""
    preferred_time: str = ""
    home: str = ""
    worker: str = ""
    created: str = ""
    due: str = ""
    overdue: bool = False
    visits: int = 1
    rating: str = ""
    photos: list[dict[str, str]] = []
    timeline: list[dict[str, str]] = []
    moves: list[str] = []
    workers: list[dict[str, str]] = []
    worker_id: str = ""
    note: str = ""
    stars: str = "5"
    error: str = ""
    notice: str = ""
    busy: bool = False

    async def _is_staff(self) -> bool:
        roles = (await self.get_state(SessionState)).roles
        return Role.PROPERTY_STAFF in roles or Role.PLATFORM_ADMIN in roles

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                v = workorders.get_work_order(db, actor, self.wo_id)
                steps = workorders.timeline(db, actor, self.wo_id)
                self.moves = workorders.allowed_moves(db, actor, self.wo_id)
                # Only staff may dispatch, so the worker list is loaded only when that move is open.
                self.workers = [{"id": str(w.id), "name": w.name} for w in property_workers.list_workers(
                    db, actor, staff_community(actor))] if "dispatched" in self.moves else []
        except ServiceError as exc:
            self.error, self.status = exc.message, ""
            return
        self.status, self.status_text = v.status, status_label(v.status)
        self.category, self.location, self.description = v.category, v.location, v.description
        self.preferred_time, self.home, self.worker = v.preferred_time, f"{v.building}-{v.unit}", v.worker_name or ""
        self.created, self.due, self.overdue, self.visits = when(v.created_at, actor.time_zone), when(v.due_at, actor.time_zone), v.overdue, v.visits
        self.rating = str(v.rating) if v.rating else ""
        self.photos = [{"stage": status_label(stage), "src": photo_src(path)} for stage, path in v.photos]
        self.timeline = [{"at": when(s.at, actor.time_zone), "to": status_label(s.to_status), "who": s.actor_name or s.actor_role,
                          "role": s.actor_role, "note": s.note} for s in steps]

    @rx.event
    async def load(self):
        self.error = self.notice = self.note = ""
        self.stars, self.worker_id = "5", ""
        try:
            self.wo_id = int(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        except ValueError:
            self.error, self.status = "That repair request does not exist.", ""
            return
        await self._load()

    @rx.event
    def set_note(self, v: str):
        self.note = v

    @rx.event
    def set_stars(self, v: str):
        self.stars = v

    @rx.event
    def set_worker_id(self, v: str):
        self.worker_id = v

    async def _do(self, fn, done: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                fn(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice, self.note = done, ""
        await self._load()

    @rx.event
    async def move(self, to: str):
        """The simple moves: a worker's accept / set off / start, staff triage, cancelling."""
        note = self.note
        if to in WORKER_MOVES:
            await self._do(lambda db, a: workorders.worker_update(db, a, self.wo_id, to, note=note),
                           f"Marked {status_label(to)}.")
        elif to == "triaged" and self.status == "dispatched" and not await self._is_staff():
            await self._do(lambda db, a: workorders.worker_update(db, a, self.wo_id, "triaged", note=note),
                           "You declined the job; the office will send someone else.")
        elif to == "triaged":
            await self._do(lambda db, a: workorders.triage(db, a, self.wo_id, note=note), "Triaged.")
        elif to == "cancelled":
            await self._do(lambda db, a: workorders.cancel(db, a, self.wo_id, note), "Cancelled.")
        elif to == "reopened":
            await self._do(lambda db, a: workorders.reopen(db, a, self.wo_id, note),
                           "Reopened: the office will send someone back.")

    @rx.event
    async def dispatch(self):
        if not self.worker_id.isdigit():
            self.error = "Choose the worker to send."
            return
        wid = int(self.worker_id)
        await self._do(lambda db, a: workorders.dispatch(db, a, self.wo_id, wid, note=self.note), "Dispatched.")

    @rx.event
    async def confirm(self):
        stars = int(self.stars) if self.stars.isdigit() else 0
        comment = self.note
        await self._do(lambda db, a: workorders.confirm(db, a, self.wo_id, stars, comment),
                       "Thank you: the repair is confirmed.")

    @rx.event
    async def finish(self, files: list[rx.UploadFile]):
        """The worker marks the job done, with photos of the finished work."""
        self.busy = True
        yield
        photos = await read_uploads(files)
        note = self.note
        await self._do(lambda db, a: workorders.worker_update(db, a, self.wo_id, "done", note=note, photos=photos),
                       "Marked done. The resident is asked to confirm.")
        self.busy = False
        if not self.error:
            yield rx.clear_selected_files(DONE_UPLOAD_ID)
