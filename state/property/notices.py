"""Staff: the community's notices — write, edit, publish, withdraw, and who has read them."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import notices
from community_hub.property.notices import NoticeInput
from state.property.common import parse_local, staff_community, to_input, when
from state.property.photos import read_uploads
from state.shared.service_call import acting, reading

AUDIENCES = ["community", "buildings", "households"]
ATTACH_UPLOAD_ID = "notice-files"


class PropertyNoticesState(rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    busy: bool = False
    # The editor (editing_id 0 = a new notice).
    editor_open: bool = False
    editing_id: int = 0
    title: str = ""
    body: str = ""
    pinned: bool = False
    urgent: bool = False
    audience: str = "community"
    buildings: str = ""  # "A, B"
    units: str = ""  # "A-101, B-204"
    publish_at: str = ""
    expire_at: str = ""
    editor_error: str = ""
    # Read receipts of one notice.
    receipts_title: str = ""
    receipts_read: list[dict[str, str]] = []
    receipts_unread: list[dict[str, str]] = []
    receipts_open: bool = False
    _inputs: dict[int, dict] = {}

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                rows = notices.list_notices_for_staff(db, actor, staff_community(actor))
                units = {r.household_id: f"{r.building}-{r.unit}" for r in notices.residents_of(db, staff_community(actor))}
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self._inputs = {}
        self.rows = []
        zone = actor.time_zone
        for n in rows:
            if n.audience == "buildings":
                aud = "Buildings " + ", ".join(n.audience_buildings)
            elif n.audience == "households":
                aud = "Homes " + ", ".join(units.get(h, f"#{h}") for h in n.audience_household_ids)
            else:
                aud = "Whole community"
            self._inputs[n.id] = dict(
                title=n.title, body=n.body, pinned=n.pinned, urgent=n.urgent, audience=n.audience,
                buildings=", ".join(n.audience_buildings),
                units=", ".join(units.get(h, "") for h in n.audience_household_ids),
                publish_at=to_input(n.publish_at, zone), expire_at=to_input(n.expire_at, zone))
            self.rows.append({
                "id": str(n.id), "title": n.title, "status": n.status, "audience": aud,
                "pinned": "1" if n.pinned else "", "urgent": "1" if n.urgent else "",
                "published": when(n.published_at, zone), "publish_at": when(n.publish_at, zone),
                "expire_at": when(n.expire_at, zone),
            })

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.editor_open = self.receipts_open = False
        await self._load()

    # ---- editor fields
    @rx.event
    def set_title(self, v: str):
        self.title = v

    @rx.event
    def set_body(self, v: str):
        self.body = v

    @rx.event
    def set_pinned(self, v: bool):
        self.pinned = v

    @rx.event
    def set_urgent(self, v: bool):
        self.urgent = v

    @rx.event
    def set_audience(self, v: str):
        self.audience = v

    @rx.event
    def set_buildings(self, v: str):
        self.buildings = v

    @rx.event
    def set_units(self, v: str):
        self.units = v

    @rx.event
    def set_publish_at(self, v: str):
        self.publish_at = v

    @rx.event
    def set_expire_at(self, v: str):
        self.expire_at = v

    @rx.event
    def new_notice(self):
        self.editing_id, self.editor_error, self.editor_open = 0, "", True
        self.title = self.body = self.buildings = self.units = self.publish_at = self.expire_at = ""
        self.pinned = self.urgent = False
        self.audience = "community"

    @rx.event
    def edit(self, notice_id: str):
        data = self._inputs.get(int(notice_id))
        if data is None:
            return
        self.editing_id, self.editor_error, self.editor_open = int(notice_id), "", True
        for key, value in data.items():
            setattr(self, key, value)

    @rx.event
    def close_editor(self):
        self.editor_open = False

    def _input(self, db, community_id: int, zone: str) -> NoticeInput:
        buildings = tuple(b.strip().upper() for b in self.buildings.split(",") if b.strip())
        ids = ()
        if self.audience == "households":
            by_unit = {f"{r.building}-{r.unit}".upper(): r.household_id for r in notices.residents_of(db, community_id)}
            wanted = [u.strip().upper() for u in self.units.split(",") if u.strip()]
            unknown = [u for u in wanted if u not in by_unit]
            if unknown:
                raise ServiceError(f"No residents live in {', '.join(unknown)} (write homes like B-204).")
            ids = tuple(by_unit[u] for u in wanted)
        return NoticeInput(title=self.title, body=self.body, pinned=self.pinned, urgent=self.urgent,
                           audience=self.audience, buildings=buildings, household_ids=ids,
                           publish_at=parse_local(self.publish_at, zone), expire_at=parse_local(self.expire_at, zone))

    async def _save(self, publish: bool, files):
        self.editor_error = self.notice = self.error = ""
        self.busy = True
        yield
        try:
            attachments = await read_uploads(files)
            async with acting(self) as (db, actor):
                cid = staff_community(actor)
                data = self._input(db, cid, actor.time_zone)
                if self.editing_id:
                    n = notices.update_notice(db, actor, self.editing_id, data)
                else:
                    n = notices.create_notice(db, actor, cid, data)
                for name, content in attachments:  # a refused file undoes the whole save
                    notices.add_attachment(db, actor, n.id, name, content)
                if publish and n.status != "published":
                    notices.publish_notice(db, actor, n.id)
                published, urgent = n.status == "published", n.urgent
        except ServiceError as exc:
            self.editor_error, self.busy = exc.message, False
            return
        self.busy, self.editor_open = False, False
        yield rx.clear_selected_files(ATTACH_UPLOAD_ID)
        self.notice = ("Notice published" + (": residents are being told by SMS and email." if urgent else ".")
                       if published else "Draft saved.")
        await self._load()

    @rx.event
    async def save(self, files: list[rx.UploadFile]):
        async for update in self._save(False, files):
            yield update

    @rx.event
    async def save_and_publish(self, files: list[rx.UploadFile]):
        async for update in self._save(True, files):
            yield update

    @rx.event
    async def publish(self, notice_id: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                n = notices.publish_notice(db, actor, int(notice_id))
                urgent = n.urgent
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Notice published" + (": residents are being told by SMS and email." if urgent else ".")
        await self._load()

    @rx.event
    async def withdraw(self, notice_id: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                notices.withdraw_notice(db, actor, int(notice_id))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Notice withdrawn: residents no longer see it."
        await self._load()

    @rx.event
    async def show_receipts(self, row: dict):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                r = notices.read_receipts(db, actor, int(row["id"]))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.receipts_title = row["title"]
        self.receipts_read = [{"name": x.name, "home": f"{x.building}-{x.unit}", "at": when(x.read_at, actor.time_zone)} for x in r.read]
        self.receipts_unread = [{"name": x.name, "home": f"{x.building}-{x.unit}", "at": ""} for x in r.unread]
        self.receipts_open = True

    @rx.event
    def close_receipts(self):
        self.receipts_open = False
