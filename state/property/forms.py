"""Staff: the form builder — fields (type, required, choices, limits, pattern), publish, close,
submissions and their CSV."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import forms
from state.property.common import staff_community, when
from state.property.fields import blank_row, to_fields, to_rows, with_value, without_row
from state.shared.service_call import acting, reading


class PropertyFormsState(rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    # Builder.
    editor_open: bool = False
    editing_id: int = 0
    title: str = ""
    description: str = ""
    once: bool = False
    fields: list[dict[str, str]] = []
    editor_error: str = ""
    # Submissions of one form.
    subs_id: str = ""
    subs_title: str = ""
    sub_headers: list[str] = []
    sub_rows: list[list[str]] = []
    _defs: dict[int, dict] = {}

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                found = forms.list_forms_for_staff(db, actor, staff_community(actor))
                counts = {f.id: len(forms.list_submissions(db, actor, f.id)) for f in found}
        except ServiceError as exc:
            self.error = exc.message
            return
        self._defs = {f.id: {"title": f.title, "description": f.description, "once": f.one_per_resident,
                             "fields": list(f.fields)} for f in found}
        self.rows = [{"id": str(f.id), "title": f.title, "status": f.status, "fields": str(len(f.fields)),
                      "submissions": str(counts[f.id]), "published": when(f.published_at, actor.time_zone)} for f in found]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.editor_open, self.subs_id = False, ""
        await self._load()

    @rx.event
    def new_form(self):
        self.editing_id, self.editor_error, self.editor_open = 0, "", True
        self.title = self.description = ""
        self.once = False
        self.fields = [blank_row()]

    @rx.event
    def edit(self, form_id: str):
        d = self._defs.get(int(form_id))
        if d is None:
            return
        self.editing_id, self.editor_error, self.editor_open = int(form_id), "", True
        self.title, self.description, self.once = d["title"], d["description"], d["once"]
        self.fields = to_rows(d["fields"])

    @rx.event
    def close_editor(self):
        self.editor_open = False

    @rx.event
    def set_title(self, v: str):
        self.title = v

    @rx.event
    def set_description(self, v: str):
        self.description = v

    @rx.event
    def set_once(self, v: bool):
        self.once = v

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
    async def save(self, publish: bool):
        self.editor_error = self.notice = ""
        try:
            fields = to_fields(self.fields)
            async with acting(self) as (db, actor):
                if self.editing_id:
                    f = forms.update_form(db, actor, self.editing_id, title=self.title, fields=fields,
                                          description=self.description, one_per_resident=self.once)
                else:
                    f = forms.create_form(db, actor, staff_community(actor), title=self.title, fields=fields,
                                          description=self.description, one_per_resident=self.once)
                if publish:
                    forms.publish_form(db, actor, f.id)
        except ServiceError as exc:
            self.editor_error = exc.message
            return
        self.editor_open = False
        self.notice = "Form published: residents can fill it in." if publish else "Draft saved."
        await self._load()

    async def _act(self, fn, done: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                fn(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = done
        await self._load()

    @rx.event
    async def publish(self, form_id: str):
        await self._act(lambda db, a: forms.publish_form(db, a, int(form_id)), "Form published.")

    @rx.event
    async def close_form(self, form_id: str):
        await self._act(lambda db, a: forms.close_form(db, a, int(form_id)), "Form closed: no more submissions.")

    @rx.event
    async def show_submissions(self, row: dict):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                form = forms.get_form(db, actor, int(row["id"]))
                subs = forms.list_submissions(db, actor, form.id)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.subs_id, self.subs_title = row["id"], row["title"]
        self.sub_headers = ["Sent", "Name", "Home"] + [f["label"] for f in form.fields]
        self.sub_rows = [[when(s.submitted_at, actor.time_zone), s.name, s.unit] + [_cell(s.values.get(f["key"], "")) for f in form.fields]
                         for s in subs]

    @rx.event
    def hide_submissions(self):
        self.subs_id = ""

    @rx.event
    async def export(self, form_id: str):
        self.error = ""
        try:
            async with reading(self) as (db, actor):
                data = forms.export_csv(db, actor, int(form_id))
        except ServiceError as exc:
            self.error = exc.message
            return
        return rx.download(data=data, filename=f"form-{form_id}-submissions.csv")


def _cell(v) -> str:
    if isinstance(v, list):
        return "; ".join(map(str, v))
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)
