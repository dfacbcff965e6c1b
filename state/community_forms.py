"""Residents: the community's open forms, and filling one in (every wrong field is shown at once)."""

from __future__ import annotations

import reflex as rx

from community_hub.services import forms
from community_hub.services.errors import ServiceError
from community_hub.services.forms import FormErrors
from state.property_fields import display_fields, form_values
from state.service_call import acting, reading


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
    _defs: list[dict] = []

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
                forms.submit_form(db, actor, self.form_id, form_values(self._defs, form))
        except FormErrors as exc:
            self.field_errors = {**self.field_errors, **exc.errors}
            self.error = "Please correct the fields marked below; nothing was sent."
            return
        except ServiceError as exc:
            self.error = exc.message
            return
        self.sent, self.notice = True, "Sent. Thank you!"
