"""Residents: the community's open forms, and filling one in (every wrong field is shown at once)."""

from __future__ import annotations

import reflex as rx

from community_hub.core import upload_staging, uploads
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property import forms
from community_hub.property.forms import FormErrors
from state.property.fields import (
    MAX_IMAGE_FIELDS,
    attach_picked,
    display_fields,
    form_values,
    image_labels,
)
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, off_loop, screen_event


def _form(db, actor, form_id: int):
    form = forms.get_form(db, actor, form_id)
    already = bool(forms.my_submissions(db, actor, form.id)) if form.one_per_resident else False
    return form, already


def _stage_for(db, actor, form_id: int, data: bytes) -> str:
    """Only someone who may fill in this form gets a file kept for it (checked before it is written)."""
    forms.get_form(db, actor, form_id)
    return upload_staging.stage(data, uploads.IMAGE_KINDS)


def _submit(db, actor, form_id: int, values: dict, staged: dict[str, tuple[str, str]]):
    """The staged pictures come back from disk for the service, which stores them properly."""
    for key, (name, token) in staged.items():
        data = upload_staging.read_staged(token)
        if data is None:
            raise ServiceError("A picture you attached has expired; attach it again.")
        values[key] = (name, data)
    return forms.submit_form(db, actor, form_id, values)


class ResidentFormsState(ScreenState, rx.State):
    rows: list[dict[str, str]] = []

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        found = await look(self, forms.list_open_forms)
        self.rows = [{"id": str(f.id), "title": f.title, "description": f.description} for f in found]


class ResidentFormState(ScreenState, rx.State):
    form_id: int = 0
    title: str = ""
    description: str = ""
    fields: list[dict[str, str]] = []
    field_errors: dict[str, str] = {}
    sent: bool = False
    image_labels: list[str] = []
    attached: list[str] = [""] * MAX_IMAGE_FIELDS
    _defs: list[dict] = []
    # key -> (file name, staging token): the bytes wait on disk (upload_staging), never in state.
    _images: dict[str, tuple[str, str]] = {}

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.sent, self.title = False, ""
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            raise ServiceError("That form does not exist.")
        self.form_id = int(last)
        form, already = await look(self, _form, self.form_id)
        self._defs = list(form.fields)
        self.title, self.description = form.title, form.description
        self.fields = display_fields(form.fields)
        self.image_labels = image_labels(form.fields)
        self.attached, self._images = [""] * MAX_IMAGE_FIELDS, {}
        self.field_errors = {f["key"]: "" for f in form.fields}
        if form.status != "published":
            self.error = await in_language(self, phrase("This form is closed."))
        elif already:
            self.sent, self.notice = True, await in_language(self, phrase("You have already filled in this form. Thank you."))

    @rx.event
    @screen_event
    async def submit(self, form: dict):
        self.field_errors = {f["key"]: "" for f in self._defs}
        values = form_values(self._defs, form, {})
        try:
            await call(self, _submit, self.form_id, values, dict(self._images))
        except FormErrors as exc:
            self.field_errors = {**self.field_errors, **exc.errors}
            self.error = await in_language(self, phrase("Please correct the fields marked below; nothing was sent."))
            return
        self.sent, self.notice = True, await in_language(self, phrase("Sent. Thank you!"))
        await off_loop(upload_staging.drop, [token for _, token in self._images.values()])
        self.attached, self._images = [""] * MAX_IMAGE_FIELDS, {}

    async def _attach(self, index: int, files):
        await attach_picked(self, index, files, self._defs, _stage_for, self.form_id)

    @rx.event
    @screen_event
    async def attach_image_0(self, files: list[rx.UploadFile]):
        await self._attach(0, files)

    @rx.event
    @screen_event
    async def attach_image_1(self, files: list[rx.UploadFile]):
        await self._attach(1, files)

    @rx.event
    @screen_event
    async def attach_image_2(self, files: list[rx.UploadFile]):
        await self._attach(2, files)
