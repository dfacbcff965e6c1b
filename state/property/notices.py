"""Staff: the community's notices — write, edit, publish, withdraw, and who has read them."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.property import notice_audience, notices
from community_hub.property.notices import NoticeInput
from state.property.common import parse_local, staff_community, to_input, when
from state.property.photos import read_uploads
from state.shared.dialogs import EditorDialog
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

AUDIENCES = ["community", "buildings", "households"]
ATTACH_UPLOAD_ID = "notice-files"


def _page(db, actor):
    cid = staff_community(actor)
    return notices.list_notices_for_staff(db, actor, cid), notice_audience.unit_names(db, cid), actor.time_zone


def _save(db, actor, editing_id: int, fields: dict, attachments: list[tuple[str, bytes]], publish: bool):
    """Save (or create) the notice, attach the files, publish when asked: one transaction, so a
    refused file or an unknown home undoes the whole save."""
    cid = staff_community(actor)
    zone = actor.time_zone
    ids = notice_audience.households_from_text(db, cid, fields["units"]) if fields["audience"] == "households" else ()
    data = NoticeInput(title=fields["title"], body=fields["body"], pinned=fields["pinned"], urgent=fields["urgent"],
                       audience=fields["audience"], buildings=notice_audience.buildings_from_text(fields["buildings"]),
                       household_ids=ids, publish_at=parse_local(fields["publish_at"], zone),
                       expire_at=parse_local(fields["expire_at"], zone))
    n = notices.update_notice(db, actor, editing_id, data) if editing_id else notices.create_notice(db, actor, cid, data)
    for name, content in attachments:
        notices.add_attachment(db, actor, n.id, name, content)
    if publish and n.status != "published":
        notices.publish_notice(db, actor, n.id)
    return n.status == "published", n.urgent


def _receipts(db, actor, notice_id: int):
    return notices.read_receipts(db, actor, notice_id), actor.time_zone


def _published(urgent: bool):
    return (phrase("Notice published: residents are being told by SMS and email.") if urgent
            else phrase("Notice published."))


class PropertyNoticesState(LoadedScreen, EditorDialog, rx.State):
    rows: list[dict[str, str]] = []
    # The editor (editing_id 0 = a new notice).
    title: str = ""
    body: str = ""
    pinned: bool = False
    urgent: bool = False
    audience: str = "community"
    buildings: str = ""  # "A, B"
    units: str = ""  # "A-101, B-204"
    publish_at: str = ""
    expire_at: str = ""
    # Read receipts of one notice.
    receipts_title: str = ""
    receipts_read: list[dict[str, str]] = []
    receipts_unread: list[dict[str, str]] = []
    receipts_open: bool = False

    async def _load(self):
        self.rows = []
        rows, units, zone = await look(self, _page)
        self._saved = {}
        for n in rows:
            if n.audience == "buildings":
                aud = await in_language(self, phrase("Buildings {names}", names=", ".join(n.audience_buildings)))
            elif n.audience == "households":
                aud = await in_language(self, phrase("Homes {names}", names=", ".join(
                    units.get(h, f"#{h}") for h in n.audience_household_ids)))
            else:
                aud = await in_language(self, phrase("Whole community"))
            self._saved[n.id] = dict(
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

    async def _opened(self):
        self.editor_open = self.receipts_open = False

    # ---- editor fields
    set_title = text_setter("title", 200)
    set_body = text_setter("body", 10000)

    @rx.event
    def set_pinned(self, v: bool):
        self.pinned = bool(v)

    @rx.event
    def set_urgent(self, v: bool):
        self.urgent = bool(v)

    @rx.event
    def set_audience(self, v: str):
        self.audience = v if v in AUDIENCES else "community"

    set_buildings = text_setter("buildings", 500)
    set_units = text_setter("units", 2000)
    set_publish_at = text_setter("publish_at", 40)
    set_expire_at = text_setter("expire_at", 40)

    @rx.event
    def new_notice(self):
        self._open_editor(0)
        self.title = self.body = self.buildings = self.units = self.publish_at = self.expire_at = ""
        self.pinned = self.urgent = False
        self.audience = "community"

    async def _save(self, publish: bool, files) -> None:
        attachments = await read_uploads(files)
        fields = dict(title=self.title, body=self.body, pinned=self.pinned, urgent=self.urgent, audience=self.audience,
                      buildings=self.buildings, units=self.units, publish_at=self.publish_at, expire_at=self.expire_at)
        published, urgent = await call(self, _save, self.editing_id, fields, attachments, publish)
        self.editor_open = False
        self.notice = await in_language(self, _published(urgent) if published else phrase("Draft saved."))
        await self._load()

    @rx.event
    @screen_event(error="editor_error")
    async def save(self, files: list[rx.UploadFile]):
        await self._save(False, files)
        yield rx.clear_selected_files(ATTACH_UPLOAD_ID)

    @rx.event
    @screen_event(error="editor_error")
    async def save_and_publish(self, files: list[rx.UploadFile]):
        await self._save(True, files)
        yield rx.clear_selected_files(ATTACH_UPLOAD_ID)

    @rx.event
    @screen_event
    async def publish(self, notice_id: str):
        n = await call(self, notices.publish_notice, row_id(notice_id))
        self.notice = await in_language(self, _published(n.urgent))
        await self._load()

    @rx.event
    @screen_event
    async def withdraw(self, notice_id: str):
        await call(self, notices.withdraw_notice, row_id(notice_id))
        self.notice = await in_language(self, phrase("Notice withdrawn: residents no longer see it."))
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def show_receipts(self, row: dict):
        r, zone = await look(self, _receipts, row_id(row.get("id")))
        self.receipts_title = str(row.get("title", ""))[:200]
        self.receipts_read = [{"name": x.name, "home": f"{x.building}-{x.unit}", "at": when(x.read_at, zone)}
                              for x in r.read]
        self.receipts_unread = [{"name": x.name, "home": f"{x.building}-{x.unit}", "at": ""} for x in r.unread]
        self.receipts_open = True

    @rx.event
    def close_receipts(self):
        self.receipts_open = False
