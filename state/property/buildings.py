"""Staff: the community's buildings and units — add one at a time, import many from a CSV (a bad
row imports nothing and each one is listed with its reason), edit a unit's area and owner."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property import buildings, unit_import
from state.property.common import form_text, staff_community
from state.property.photos import read_uploads
from state.shared.dialogs import EditorDialog
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter


def _page(db, actor):
    cid = staff_community(actor)
    return buildings.community_buildings(db, actor, cid), buildings.community_units(db, actor, cid)


def _add_building(db, actor, name: str, floors: str):
    return buildings.add_building(db, actor, staff_community(actor), name, floors)


def _add_unit(db, actor, form: dict):
    return buildings.add_unit(db, actor, staff_community(actor), building=form_text(form, "building", 21),
                              unit=form_text(form, "unit", 21), area=form_text(form, "area", 12),
                              owner_name=form_text(form, "owner_name", buildings.OWNER_LIMIT + 1),
                              owner_contact=form_text(form, "owner_contact", buildings.CONTACT_LIMIT + 1))


def _import(db, actor, text: str):
    return unit_import.import_units(db, actor, staff_community(actor), text)


CSV_UPLOAD = "units-csv-file"


class PropertyBuildingsState(LoadedScreen, EditorDialog, rx.State):
    buildings: list[dict[str, str]] = []
    building_names: list[dict[str, str]] = []  # the unit form's choices
    units: list[dict[str, str]] = []
    csv_text: str = ""
    problems: list[dict[str, str]] = []  # the last import's bad rows: line and reason
    # The unit editor's values.
    unit_label: str = ""
    area: str = ""
    owner_name: str = ""
    owner_contact: str = ""

    set_csv_text = text_setter("csv_text", unit_import.TEXT_LIMIT + 1)

    async def _load(self) -> None:
        found, units = await look(self, _page)
        self.buildings = [{"id": str(b.id), "name": b.name, "floors": str(b.floors) if b.floors else "—",
                           "units": str(b.units)} for b in found]
        self.building_names = [{"value": b.name, "label": b.name} for b in found]
        self.units = [{"id": str(u.id), "unit": f"{u.building}-{u.unit}", "area": str(u.area_m2) if u.area_m2 else "—",
                       "owner": u.owner_name or "—", "contact": u.owner_contact or "—", "members": str(u.members)}
                      for u in units]
        self._saved = {u.id: {"unit_label": f"{u.building}-{u.unit}", "area": str(u.area_m2) if u.area_m2 else "",
                              "owner_name": u.owner_name, "owner_contact": u.owner_contact} for u in units}

    async def _opened(self) -> None:
        self.editor_open, self.problems = False, []

    @rx.event
    @screen_event
    async def add_building(self, form: dict):
        b = await call(self, _add_building, form_text(form, "name", 21), form_text(form, "floors", 12))
        self.notice = await in_language(self, phrase("Building {name} added.", name=b.name))
        await self._load()

    @rx.event
    @screen_event
    async def add_unit(self, form: dict):
        h = await call(self, _add_unit, dict(form))
        self.notice = await in_language(self, phrase("Unit {building}-{unit} added.", building=h.building, unit=h.unit))
        await self._load()

    @rx.event
    @screen_event
    async def import_csv(self, form: dict):
        await self._import(form_text(form, "csv", unit_import.TEXT_LIMIT + 1) or self.csv_text)

    @rx.event
    @screen_event
    async def import_file(self, files: list[rx.UploadFile]):
        """A CSV file picked on the page: its text goes through the same import."""
        if not files:
            raise ServiceError(phrase("Choose a CSV file first."))
        [(_name, data)] = await read_uploads(files[:1])
        try:
            text = data[:unit_import.TEXT_LIMIT * 4 + 4].decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ServiceError(phrase("That file is not UTF-8 text; save it as CSV (UTF-8) and try again.")) from None
        await self._import(text[:unit_import.TEXT_LIMIT + 1])
        yield rx.clear_selected_files(CSV_UPLOAD)

    async def _import(self, text: str) -> None:
        self.problems = []
        try:
            done = await call(self, _import, text)
        except unit_import.ImportRefused as refused:
            self.problems = [{"line": str(p.line), "reason": await in_language(self, p.reason)}
                             for p in refused.problems]
            raise
        self.csv_text = ""
        self.notice = await in_language(self, phrase("Imported {units} units and {buildings} new buildings.",
                                                      units=done.units, buildings=done.buildings))
        await self._load()

    @rx.event
    @screen_event(error="editor_error")
    async def save_unit(self, form: dict):
        h = await call(self, buildings.edit_unit, row_id(self.editing_id), area=form_text(form, "area", 12),
                       owner_name=form_text(form, "owner_name", buildings.OWNER_LIMIT + 1),
                       owner_contact=form_text(form, "owner_contact", buildings.CONTACT_LIMIT + 1))
        self.editor_open = False
        self.notice = await in_language(self, phrase("Saved {building}-{unit}.", building=h.building, unit=h.unit))
        await self._load()
