"""Staff: channels — a model of fields with header/footer and SEO texts, entries, duplicate, publish."""

from __future__ import annotations

import reflex as rx

from community_hub.core import upload_staging, uploads
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property import channels
from community_hub.property.channels import ChannelInput
from community_hub.property.forms import FormErrors
from state.property.common import staff_community
from state.property.field_builder import FieldBuilder
from state.property.fields import (
    MAX_IMAGE_FIELDS,
    attach_picked,
    blank_row,
    display_fields,
    form_values,
    image_labels,
    to_fields,
    to_rows,
)
from state.shared.dialogs import EditorDialog
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import ScreenState, call, look, off_loop, row_id, screen_event


def entry_rows(fields: list[dict], entries: list[dict]) -> list[list[str]]:
    return [[str(e["id"])] + [str(e.get(f["key"], "")) for f in fields] for e in entries]


def _page(db, actor, open_id: int):
    cid = staff_community(actor)
    found = channels.list_channels_for_staff(db, actor, cid)
    page = next((channels.channel_page(db, actor, cid, c.slug) for c in found if c.id == open_id), None)
    return found, page


def _save_channel(db, actor, editing_id: int, data: ChannelInput):
    if editing_id:
        return channels.update_channel(db, actor, editing_id, data)
    return channels.create_channel(db, actor, staff_community(actor), data)


def _stage_for(db, actor, channel_id: int, data: bytes) -> str:
    """Only staff who may edit this channel get a file kept for it (checked before it is written)."""
    channels.require_channel_editor(db, actor, channel_id)
    return upload_staging.stage(data, uploads.IMAGE_KINDS)


def _save_entry(db, actor, channel_id: int, editing: int, values: dict, images: dict):
    """Kept images stay as their stored path; newly picked ones come back from staging for the
    service, which stores them properly."""
    for key, value in images.items():
        if isinstance(value, (list, tuple)):
            name, token = value
            data = upload_staging.read_staged(token)
            if data is None:
                raise ServiceError("A picture you attached has expired; attach it again.")
            values[key] = (name, data)
        else:
            values[key] = value
    if editing:
        return channels.update_entry(db, actor, editing, values)
    return channels.add_entry(db, actor, channel_id, values)


def _resident_page(db, actor, slug: str):
    return channels.channel_page(db, actor, actor.community_id or 0, slug)




class PropertyChannelsState(LoadedScreen, EditorDialog, FieldBuilder, rx.State):
    rows: list[dict[str, str]] = []
    # Channel editor.
    name: str = ""
    description: str = ""
    header_text: str = ""
    footer_text: str = ""
    seo_title: str = ""
    seo_description: str = ""
    published: bool = False
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
    _entry_data: dict[int, dict] = {}
    # key -> a kept image's stored path, or (file name, staging token) of one just picked: the bytes
    # wait on disk (core/upload_staging.py), never in state.
    _images: dict[str, object] = {}

    async def _load(self):
        found, page = await look(self, _page, self.open_id)
        self._saved = {c.id: {"name": c.name, "description": c.description, "header_text": c.header_text,
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

    async def _opened(self):
        self.editor_open, self.open_id = False, 0

    @rx.event
    def new_channel(self):
        self._open_editor(0)
        self.name = self.description = self.header_text = self.footer_text = self.seo_title = self.seo_description = ""
        self.published = False
        self.fields = [blank_row()]

    def _fill_editor(self, values: dict):
        for key in ("name", "description", "header_text", "footer_text", "seo_title", "seo_description", "published"):
            setattr(self, key, values[key])
        self.fields = to_rows(values["fields"])

    @rx.event
    def set_text(self, key: str, value: str):
        if key in ("name", "description", "header_text", "footer_text", "seo_title", "seo_description"):
            setattr(self, key, str(value)[:5000])

    @rx.event
    def set_published(self, v: bool):
        self.published = bool(v)

    @rx.event
    @screen_event(error="editor_error")
    async def save(self):
        data = ChannelInput(name=self.name, fields=to_fields(self.fields), description=self.description,
                            header_text=self.header_text, footer_text=self.footer_text, seo_title=self.seo_title,
                            seo_description=self.seo_description, published=self.published)
        await call(self, _save_channel, self.editing_id, data)
        self.editor_open = False
        self.notice = await in_language(self, phrase("Channel saved and published.") if self.published
                                        else phrase("Channel saved (not published yet)."))
        await self._load()

    @rx.event
    @screen_event
    async def duplicate(self, channel_id: str):
        copy = await call(self, channels.duplicate_channel, row_id(channel_id))
        self.notice = await in_language(self, phrase("Copied as {name} (a draft).", name=copy.name))
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def open_entries(self, channel_id: str):
        self.open_id, self.entry_error, self.entry_edit_id = row_id(channel_id), "", 0
        await self._load()

    @rx.event
    def close_entries(self):
        self.open_id = 0

    @rx.event
    def edit_entry(self, entry_id: str):
        """Fill the entry form with this entry's values (its images are kept unless replaced)."""
        data = self._entry_data.get(int(entry_id)) if str(entry_id).isdigit() else None
        if data is None:
            return
        fields = self._saved.get(self.open_id, {}).get("fields", [])
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
        self._blank_entry_form(self._saved.get(self.open_id, {}).get("fields", []))

    @rx.event
    @screen_event(error="entry_error")
    async def save_entry(self, form: dict):
        self.entry_errors = {k: "" for k in self.entry_errors}
        fields = self._saved.get(self.open_id, {}).get("fields", [])
        editing = self.entry_edit_id
        try:
            await call(self, _save_entry, self.open_id, editing, form_values(fields, form, {}), dict(self._images))
        except FormErrors as exc:
            self.entry_errors = {**self.entry_errors, **exc.errors}
            self.entry_error = await in_language(self, phrase("Please correct the fields marked below; nothing was saved."))
            return
        await off_loop(upload_staging.drop, [v[1] for v in self._images.values() if isinstance(v, (list, tuple))])
        self.notice = await in_language(self, phrase("Entry #{id} saved.", id=editing) if editing else phrase("Entry added."))
        self._blank_entry_form(fields)
        await self._load()
        self.entry_form_key = f"saved-{self.open_id}-{len(self._entry_data)}-{editing}"

    async def _attach(self, index: int, files):
        fields = self._saved.get(self.open_id, {}).get("fields", [])
        await attach_picked(self, index, files, fields, _stage_for, self.open_id)

    @rx.event
    @screen_event(error="entry_error")
    async def attach_image_0(self, files: list[rx.UploadFile]):
        await self._attach(0, files)

    @rx.event
    @screen_event(error="entry_error")
    async def attach_image_1(self, files: list[rx.UploadFile]):
        await self._attach(1, files)

    @rx.event
    @screen_event(error="entry_error")
    async def attach_image_2(self, files: list[rx.UploadFile]):
        await self._attach(2, files)

    @rx.event
    @screen_event(error="entry_error")
    async def delete_entry(self, entry_id: str):
        await call(self, channels.delete_entry, row_id(entry_id))
        await self._load()


class ResidentChannelsState(ScreenState, rx.State):
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

    @rx.event
    @screen_event(busy=False)
    async def load_list(self):
        found = await look(self, channels.list_channels)
        self.rows = [{"slug": c.slug, "name": c.name, "description": c.description} for c in found]

    @rx.event
    @screen_event(busy=False)
    async def load_channel(self):
        self.name = ""
        slug = self.router.url.path.rstrip("/").rsplit("/", 1)[-1][:120]
        page = await look(self, _resident_page, slug)
        self.name, self.description = page.name, page.description
        self.header_text, self.footer_text = page.header_text, page.footer_text
        self.seo_title, self.seo_description = page.seo_title, page.seo_description
        self.fields = display_fields(page.fields)
        self.entries = [row[1:] for row in entry_rows(page.fields, page.entries)]
