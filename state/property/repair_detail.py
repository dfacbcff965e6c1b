"""One work order for whoever may see it (its household, the community's staff, the assigned
worker): details, photos, timeline, and the moves this person may make now. Live: what another
person does (a worker marks it done, staff dispatch) shows without a reload."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property import workorder_moves, workorders
from state.property.common import staff_community, status_label, when
from state.property.photos import photo_src, read_uploads
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event
from state.shared.setters import text_setter

DONE_UPLOAD_ID = "done-photos"
WORKER_MOVES = workorder_moves.WORKER_MOVES
POLL_SECONDS = 1.0


def _page(db, actor, wo_id: int):
    """The work order, its timeline, the moves open to this person, and (only when they may
    dispatch) the workers; photos read from disk here, in the worker thread."""
    v = workorders.get_work_order(db, actor, wo_id)
    steps = workorders.timeline(db, actor, wo_id)
    moves = workorders.allowed_moves(db, actor, wo_id)
    people = workorders.list_workers(db, actor, staff_community(actor)) if "dispatched" in moves else []
    photos = [{"stage": status_label(stage), "src": photo_src(path)} for stage, path in v.photos]
    return v, steps, moves, people, photos, actor.time_zone, workorders.work_order_version(db, actor, wo_id)


class RepairDetailState(LoadedScreen, LiveWatch, rx.State):
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

    async def _load(self):
        self.status = ""  # stays empty (the page shows only the message) when the look is refused
        v, steps, self.moves, people, self.photos, zone, version = await look(self, _page, self.wo_id)
        self._seen_version = repr(version)
        self.workers = [{"id": str(w.id), "name": w.name} for w in people]
        self.status, self.status_text = v.status, status_label(v.status)
        self.category, self.location, self.description = v.category, v.location, v.description
        self.preferred_time, self.home, self.worker = v.preferred_time, f"{v.building}-{v.unit}", v.worker_name or ""
        self.created, self.due, self.overdue, self.visits = when(v.created_at, zone), when(v.due_at, zone), v.overdue, \
            v.visits
        self.rating = str(v.rating) if v.rating else ""
        self.timeline = [{"at": when(s.at, zone), "to": status_label(s.to_status), "who": s.actor_name or s.actor_role,
                          "role": s.actor_role, "note": s.note} for s in steps]

    async def _opened(self):
        self.note, self.stars, self.worker_id = "", "5", ""
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            self.status = ""
            raise ServiceError("That repair request does not exist.")
        self.wo_id = int(last)

    @rx.event(background=True)
    async def watch(self, gen: int):
        """Re-read the order when anyone moves it (the cheap version first, the page only on a change)."""
        async with self:
            wo_id = self.wo_id
        await self._follow_version(gen, f"/repairs/{wo_id}", POLL_SECONDS, workorders.work_order_version, (wo_id,),
                                   self._load, keys=workorders.work_order_keys)

    set_note = text_setter("note", 1000)

    @rx.event
    def set_stars(self, v: str):
        self.stars = v if v in ("1", "2", "3", "4", "5") else "5"

    set_worker_id = text_setter("worker_id", 12)

    async def _done(self, message: str) -> None:
        self.notice, self.note = await in_language(self, message), ""
        await self._load()

    @rx.event
    @screen_event
    async def move(self, to: str):
        """The simple moves: a worker's accept / set off / start / decline, staff triage, cancelling."""
        await self._done(await call(self, workorder_moves.make_move, self.wo_id, str(to)[:20], self.note))

    @rx.event
    @screen_event
    async def dispatch(self):
        if not self.worker_id.isdigit():
            raise ServiceError("Choose the worker to send.")
        await call(self, workorders.dispatch, self.wo_id, int(self.worker_id), note=self.note)
        await self._done(phrase("Dispatched."))

    @rx.event
    @screen_event
    async def confirm(self):
        await call(self, workorders.confirm, self.wo_id, int(self.stars) if self.stars.isdigit() else 0, self.note)
        await self._done(phrase("Thank you: the repair is confirmed."))

    @rx.event
    @screen_event
    async def finish(self, files: list[rx.UploadFile]):
        """The worker marks the job done, with photos of the finished work."""
        photos = await read_uploads(files)
        await call(self, workorders.worker_update, self.wo_id, "done", note=self.note, photos=photos)
        await self._done(phrase("Marked done. The resident is asked to confirm."))
        yield rx.clear_selected_files(DONE_UPLOAD_ID)
