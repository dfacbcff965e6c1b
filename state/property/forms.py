"""Staff: the form builder — fields (type, required, choices, limits, pattern), publish, close,
submissions and their CSV."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.property import forms
from state.property.common import staff_community, when
from state.property.field_builder import FieldBuilder
from state.property.fields import blank_row, to_fields, to_rows
from state.shared.dialogs import EditorDialog
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter


def _page(db, actor):
    found = forms.list_forms_for_staff(db, actor, staff_community(actor))
    return found, {f.id: len(forms.list_submissions(db, actor, f.id)) for f in found}, actor.time_zone


def _save(db, actor, editing_id: int, publish: bool, **fields):
    f = (forms.update_form(db, actor, editing_id, **fields) if editing_id
         else forms.create_form(db, actor, staff_community(actor), **fields))
    if publish:
        forms.publish_form(db, actor, f.id)
    return f


def _submissions(db, actor, form_id: int):
    form = forms.get_form(db, actor, form_id)
    return form, forms.list_submissions(db, actor, form.id), actor.time_zone



class PropertyFormsState(LoadedScreen, EditorDialog, FieldBuilder, rx.State):
    rows: list[dict[str, str]] = []
    # Builder.
    title: str = ""
    description: str = ""
    once: bool = False
    # Submissions of one form.
    subs_id: str = ""
    subs_title: str = ""
    sub_headers: list[str] = []
    sub_rows: list[list[str]] = []

    async def _load(self):
        found, counts, zone = await look(self, _page)
        self._saved = {f.id: {"title": f.title, "description": f.description, "once": f.one_per_resident,
                             "fields": list(f.fields)} for f in found}
        self.rows = [{"id": str(f.id), "title": f.title, "status": f.status, "fields": str(len(f.fields)),
                      "submissions": str(counts[f.id]), "published": when(f.published_at, zone)} for f in found]

    async def _opened(self):
        self.editor_open, self.subs_id = False, ""

    @rx.event
    def new_form(self):
        self._open_editor(0)
        self.title = self.description = ""
        self.once = False
        self.fields = [blank_row()]

    def _fill_editor(self, values: dict):
        self.title, self.description, self.once = values["title"], values["description"], values["once"]
        self.fields = to_rows(values["fields"])

    set_title = text_setter("title", 200)
    set_description = text_setter("description", 2000)

    @rx.event
    def set_once(self, v: bool):
        self.once = bool(v)

    @rx.event
    @screen_event(error="editor_error")
    async def save(self, publish: bool):
        fields = to_fields(self.fields)
        await call(self, _save, self.editing_id, bool(publish), title=self.title, fields=fields,
                   description=self.description, one_per_resident=self.once)
        self.editor_open = False
        self.notice = await in_language(self, phrase("Form published: residents can fill it in.") if publish
                                        else phrase("Draft saved."))
        await self._load()

    @rx.event
    @screen_event
    async def publish(self, form_id: str):
        await call(self, forms.publish_form, row_id(form_id))
        self.notice = await in_language(self, phrase("Form published."))
        await self._load()

    @rx.event
    @screen_event
    async def close_form(self, form_id: str):
        await call(self, forms.close_form, row_id(form_id))
        self.notice = await in_language(self, phrase("Form closed: no more submissions."))
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def show_submissions(self, row: dict):
        form, subs, zone = await look(self, _submissions, row_id(row.get("id")))
        self.subs_id, self.subs_title = str(form.id), form.title
        self.sub_headers = ["Sent", "Name", "Home"] + [f["label"] for f in form.fields]
        self.sub_rows = [[when(s.submitted_at, zone), s.name, s.unit] + [_cell(s.values.get(f["key"], ""))
                                                                        for f in form.fields] for s in subs]

    @rx.event
    def hide_submissions(self):
        self.subs_id = ""

    @rx.event
    @screen_event(busy=False)
    async def export(self, form_id: str):
        data = await look(self, forms.export_csv, row_id(form_id))
        yield rx.download(data=data, filename=f"form-{row_id(form_id)}-submissions.csv")


def _cell(v) -> str:
    if isinstance(v, list):
        return "; ".join(map(str, v))
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)
