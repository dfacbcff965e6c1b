"""Residents: the community's open forms, and filling one in (every wrong field is shown at once)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import forms
from community_hub.property.forms import FormErrors
from state.property.fields import (
    MAX_IMAGE_FIELDS,
    display_fields,
    first_upload,
    form_values,
    image_key,
    image_labels,
)
from state.shared.service_call import acting, reading


class ResidentFormsState(rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    async def load(self):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                found = forms.list_open_forms(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.rows = [{"id": str(f.id), "title": f.title, "description": f.description} for f in found]


class ResidentFormState(rx.State):
    form_id: int = 0
    title: str = ""
    description: str = ""
    fields: list[dict[str, str]] = []
    field_errors: dict[str, str] = {}
    error: str = ""
    notice: str = ""
    sent: bool = False
    image_labels: list[str] = []
    attached: list[str] = [""] * MAX_IMAGE_FIELDS
    _defs: list[dict] = []
    _images: dict[str, tuple[str, bytes]] = {}

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.sent, self.title = False, ""
        try:
            self.form_id = int(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
            async with reading(self) as (db, actor):
                form = forms.get_form(db, actor, self.form_id)
                already = bool(forms.my_submissions(db, actor, form.id)) if form.one_per_resident else False
        except ValueError:
            self.error = "That form does not exist."
            return
        except ServiceError as exc:
            self.error = exc.message
            return
        self._defs = list(form.fields)
        self.title, self.description = form.title, form.description
        self.fields = display_fields(form.fields)
        self.image_labels = image_labels(form.fields)
        self.attached, self._images = [""] * MAX_IMAGE_FIELDS, {}
        self.field_errors = {f["key"]: "" for f in form.fields}
        if form.status != "published":
            self.error = "This form is closed."
        elif already:
            self.sent, self.notice = True, "You have already filled in this form. Thank you."

    @rx.event
    async def submit(self, form: dict):
        self.error = self.notice = ""
        self.field_errors = {f["key"]: "" for f in self._defs}
        try:
            async with acting(self) as (db, actor):
                forms.submit_form(db, actor, self.form_id, form_values(self._defs, form, self._images))
        except FormErrors as exc:
            self.field_errors = {**self.field_errors, **exc.errors}
            self.error = "Please correct the fields marked below; nothing was sent."
            return
        except ServiceError as exc:
            self.error = exc.message
            return
        self.sent, self.notice = True, "Sent. Thank you!"
        self.attached, self._images = [""] * MAX_IMAGE_FIELDS, {}

    async def _attach(self, index: int, files):
        key = image_key(self._defs, index)
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
