"""Staff: channels — a model of fields with header/footer and SEO texts, entries, duplicate, publish."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import channels
from community_hub.property.channels import ChannelInput
from community_hub.property.forms import FormErrors
from state.property.common import staff_community
from state.property.fields import (
    MAX_IMAGE_FIELDS,
    blank_row,
    display_fields,
    first_upload,
    form_values,
    image_key,
    image_labels,
    to_fields,
    to_rows,
    with_value,
    without_row,
)
from state.shared.service_call import acting, reading


def entry_rows(fields: list[dict], entries: list[dict]) -> list[list[str]]:
    return [[str(e["id"])] + [str(e.get(f["key"], "")) for f in fields] for e in entries]


class PropertyChannelsState(rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    # Channel editor.
    editor_open: bool = False
    editing_id: int = 0
    name: str = ""
    description: str = ""
    header_text: str = ""
    footer_text: str = ""
    seo_title: str = ""
    seo_description: str = ""
    published: bool = False
    fields: list[dict[str, str]] = []
    editor_error: str = ""
    # Entries of one channel.
    open_id: int = 0
    open_name: str = ""
    entry_fields: list[dict[str, str]] = []
    entry_headers: list[str] = []
    entries: list[list[str]] = []
    entry_errors: dict[str, str] = {}
    entry_error: str = ""
    # Editing one entry (0: the form adds a new one); the key remounts the form with new defaults.
    entry_edit_id: int = 0
    entry_values: dict[str, str] = {}
    entry_form_key: str = "new-0"
    image_labels: list[str] = []
    attached: list[str] = [""] * MAX_IMAGE_FIELDS
    _defs: dict[int, dict] = {}
    _entry_data: dict[int, dict] = {}
    _images: dict[str, object] = {}

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                cid = staff_community(actor)
                found = channels.list_channels_for_staff(db, actor, cid)
                page = next((channels.channel_page(db, actor, cid, c.slug) for c in found if c.id == self.open_id), None)
        except ServiceError as exc:
            self.error = exc.message
            return
        self._defs = {c.id: {"name": c.name, "description": c.description, "header_text": c.header_text,
                             "footer_text": c.footer_text, "seo_title": c.seo_title,
                             "seo_description": c.seo_description, "published": c.published,
                             "fields": list(c.fields)} for c in found}
        self.rows = [{"id": str(c.id), "name": c.name, "slug": c.slug, "fields": str(len(c.fields)),
                      "published": "1" if c.published else ""} for c in found]
        if page is None:
            self.open_id = 0
            return
        self.open_name = page.name
        self.entry_fields = display_fields(page.fields)
        self.entry_headers = ["#"] + [f["label"] for f in page.fields]
        self.entries = entry_rows(page.fields, page.entries)
        self.entry_errors = {f["key"]: "" for f in page.fields}
        self._entry_data = {e["id"]: e for e in page.entries}
        self.image_labels = image_labels(page.fields)
        if self.entry_edit_id not in self._entry_data:
            self._blank_entry_form(page.fields)

    def _blank_entry_form(self, fields: list[dict]):
        self.entry_edit_id, self._images = 0, {}
        self.entry_values = {f["key"]: "" for f in fields}
        self.attached = [""] * MAX_IMAGE_FIELDS
        self.entry_form_key = f"new-{self.open_id}-{len(self._entry_data)}"

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.editor_open, self.open_id = False, 0
        await self._load()

    @rx.event
    def new_channel(self):
        self.editing_id, self.editor_error, self.editor_open = 0, "", True
        self.name = self.description = self.header_text = self.footer_text = self.seo_title = self.seo_description = ""
        self.published = False
        self.fields = [blank_row()]

    @rx.event
    def edit(self, channel_id: str):
        d = self._defs.get(int(channel_id))
        if d is None:
            return
        self.editing_id, self.editor_error, self.editor_open = int(channel_id), "", True
        for key in ("name", "description", "header_text", "footer_text", "seo_title", "seo_description", "published"):
            setattr(self, key, d[key])
        self.fields = to_rows(d["fields"])

    @rx.event
    def close_editor(self):
        self.editor_open = False

    @rx.event
    def set_text(self, key: str, value: str):
        if key in ("name", "description", "header_text", "footer_text", "seo_title", "seo_description"):
            setattr(self, key, value)

    @rx.event
    def set_published(self, v: bool):
        self.published = v

    @rx.event
    def add_field_row(self):
        self.fields = [*self.fields, blank_row()]

    @rx.event
    def remove_field_row(self, index: int):
        self.fields = without_row(self.fields, index)

    @rx.event
    def set_field_value(self, index: int, key: str, value):
        self.fields = with_value(self.fields, index, key, value)

    @rx.event
    async def save(self):
        self.editor_error = self.notice = ""
        try:
            data = ChannelInput(name=self.name, fields=to_fields(self.fields), description=self.description,
                                header_text=self.header_text, footer_text=self.footer_text, seo_title=self.seo_title,
                                seo_description=self.seo_description, published=self.published)
            async with acting(self) as (db, actor):
                if self.editing_id:
                    channels.update_channel(db, actor, self.editing_id, data)
                else:
                    channels.create_channel(db, actor, staff_community(actor), data)
        except ServiceError as exc:
            self.editor_error = exc.message
            return
        self.editor_open = False
        self.notice = "Channel saved" + (" and published." if self.published else " (not published yet).")
        await self._load()

    @rx.event
    async def duplicate(self, channel_id: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                copy = channels.duplicate_channel(db, actor, int(channel_id))
                name = copy.name
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"Copied as {name} (a draft)."
        await self._load()

    @rx.event
    async def open_entries(self, channel_id: str):
        self.open_id, self.entry_error, self.entry_edit_id = int(channel_id), "", 0
        await self._load()

    @rx.event
    def close_entries(self):
        self.open_id = 0

    @rx.event
    def edit_entry(self, entry_id: str):
        """Fill the entry form with this entry's values (its images are kept unless replaced)."""
        data = self._entry_data.get(int(entry_id))
        if data is None:
            return
        fields = self._defs.get(self.open_id, {}).get("fields", [])
        self.entry_edit_id, self.entry_error = int(entry_id), ""
        self.entry_errors = {k: "" for k in self.entry_errors}
        self.entry_values = {f["key"]: "" if data.get(f["key"]) is None else str(data[f["key"]]) for f in fields}
        self._images = {f["key"]: data[f["key"]] for f in fields if f["type"] == "image" and data.get(f["key"])}
        keys = [f["key"] for f in fields if f["type"] == "image"]
        self.attached = [("kept: " + str(self._images[k]) if k in self._images else "") for k in keys]
        self.attached += [""] * (MAX_IMAGE_FIELDS - len(self.attached))
        self.entry_form_key = f"edit-{entry_id}"

    @rx.event
    def cancel_entry_edit(self):
        self._blank_entry_form(self._defs.get(self.open_id, {}).get("fields", []))

    @rx.event
    async def save_entry(self, form: dict):
        self.entry_error = self.notice = ""
        self.entry_errors = {k: "" for k in self.entry_errors}
        fields = self._defs.get(self.open_id, {}).get("fields", [])
        editing = self.entry_edit_id
        try:
            async with acting(self) as (db, actor):
                values = form_values(fields, form, self._images)
                if editing:
                    channels.update_entry(db, actor, editing, values)
                else:
                    channels.add_entry(db, actor, self.open_id, values)
        except FormErrors as exc:
            self.entry_errors = {**self.entry_errors, **exc.errors}
            self.entry_error = "Please correct the fields marked below; nothing was saved."
            return
        except ServiceError as exc:
            self.entry_error = exc.message
            return
        self.notice = f"Entry #{editing} saved." if editing else "Entry added."
        self._blank_entry_form(fields)
        await self._load()
        self.entry_form_key = f"saved-{self.open_id}-{len(self._entry_data)}-{editing}"

    async def _attach(self, index: int, files):
        key = image_key(self._defs.get(self.open_id, {}).get("fields", []), index)
        picked = await first_upload(files)
        if key is None or picked is None:
            return
        self._images = {**self._images, key: picked}
        self.attached = [picked[0] if i == index else a for i, a in enumerate(self.attached)]

    @rx.event
    async def attach_image_0(self, files: list[rx.UploadFile]):
        await self._attach(0, files)

    @rx.event
    async def attach_image_1(self, files: list[rx.UploadFile]):
        await self._attach(1, files)

    @rx.event
    async def attach_image_2(self, files: list[rx.UploadFile]):
        await self._attach(2, files)

    @rx.event
    async def delete_entry(self, entry_id: str):
        self.entry_error = ""
        try:
            async with acting(self) as (db, actor):
                channels.delete_entry(db, actor, int(entry_id))
        except ServiceError as exc:
            self.entry_error = exc.message
            return
        await self._load()


class ResidentChannelsState(rx.State):
    """Residents: published channels, and one channel's entries."""

    rows: list[dict[str, str]] = []
    name: str = ""
    description: str = ""
    header_text: str = ""
    footer_text: str = ""
    seo_title: str = ""
    seo_description: str = ""
    fields: list[dict[str, str]] = []
    entries: list[list[str]] = []
    error: str = ""

    @rx.event
    async def load_list(self):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                found = channels.list_channels(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.rows = [{"slug": c.slug, "name": c.name, "description": c.description} for c in found]

    @rx.event
    async def load_channel(self):
        self.error, self.name = "", ""
        slug = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        try:
            async with reading(self) as (db, actor):
                page = channels.channel_page(db, actor, actor.community_id or 0, slug)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.name, self.description = page.name, page.description
        self.header_text, self.footer_text = page.header_text, page.footer_text
        self.seo_title, self.seo_description = page.seo_title, page.seo_description
        self.fields = display_fields(page.fields)
        self.entries = [row[1:] for row in entry_rows(page.fields, page.entries)]
