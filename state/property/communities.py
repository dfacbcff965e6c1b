"""Staff: the company's communities — start a new one, edit one, work on another."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.property import communities
from state.property.common import form_text
from state.property.community_picker import StaffCommunityState
from state.shared.dialogs import EditorDialog, FormDialog
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter


def _page(db, actor):
    return communities.my_communities(db, actor), actor.community_id


def _fields(form: dict) -> dict:
    """What the form sent, cut one past each limit (the service names the limit)."""
    return dict(name=form_text(form, "name", communities.NAME_LIMIT + 1),
                slug=form_text(form, "slug", communities.SLUG_LIMIT + 1),
                address=form_text(form, "address", communities.ADDRESS_LIMIT + 1),
                lat=form_text(form, "lat", 30), lon=form_text(form, "lon", 30),
                time_zone=form_text(form, "time_zone", 65))


class PropertyCommunitiesState(LoadedScreen, FormDialog, EditorDialog, rx.State):
    rows: list[dict[str, str]] = []
    # The editor's values (EditorDialog fills them from `_saved`).
    name: str = ""
    slug: str = ""
    address: str = ""
    lat: str = ""
    lon: str = ""
    time_zone: str = ""
    # The place, typed or tapped on the map (both dialogs share it: only one is ever open).
    pick_lat: str = ""
    pick_lon: str = ""
    map_lat: float = 0.0  # where the map opens: the place, else the community being worked on
    map_lon: float = 0.0
    _home: tuple[float, float] = (0.0, 0.0)

    set_pick_lat = text_setter("pick_lat", 30)
    set_pick_lon = text_setter("pick_lon", 30)

    @rx.var
    def pick_markers(self) -> list[dict[str, str]]:
        if not (self.pick_lat and self.pick_lon):
            return []
        return [{"id": "pick", "name": self.name or "·", "lat": self.pick_lat, "lon": self.pick_lon, "kind": "pick",
                 "minutes": ""}]

    def _fill_editor(self, values: dict) -> None:
        super()._fill_editor(values)
        self.pick_lat, self.pick_lon = values["lat"], values["lon"]
        self.map_lat, self.map_lon = float(values["lat"]), float(values["lon"])

    @rx.event
    def new_community(self):
        """The "New community" form, its place empty and its map on the community worked on now."""
        self.open_form()
        self.name = self.pick_lat = self.pick_lon = ""
        self.map_lat, self.map_lon = self._home

    @rx.event
    def pick(self, lat: float, lon: float):
        """A tap on the map: the place moves there (checked again by the service when saved)."""
        try:
            self.pick_lat, self.pick_lon = f"{float(lat):.6f}", f"{float(lon):.6f}"
        except (TypeError, ValueError):
            return

    async def _load(self) -> None:
        found, current = await look(self, _page)
        here = next((c for c in found if c.id == current), found[0] if found else None)
        self._home = (here.lat, here.lon) if here else (0.0, 0.0)
        self.rows = [{"id": str(c.id), "name": c.name, "slug": c.slug, "address": c.address or "—",
                      "place": f"{c.lat:.5f}, {c.lon:.5f}", "zone": c.time_zone, "company": c.company,
                      "current": "1" if c.id == current else ""} for c in found]
        self._saved = {c.id: {"name": c.name, "slug": c.slug, "address": c.address, "lat": str(c.lat),
                              "lon": str(c.lon), "time_zone": c.time_zone} for c in found}

    async def _opened(self) -> None:
        self.form_open = self.editor_open = False

    @rx.event
    @screen_event(error="form_error")
    async def create(self, form: dict):
        made = await call(self, communities.create_community, **_fields(form))
        self.form_open = False
        self.notice = await in_language(self, phrase("{name} is ready, and you are working on it now: add its "
                                                      "buildings next.", name=made.name))
        await self._load()
        return StaffCommunityState.load  # the picker shows the new one, chosen

    @rx.event
    @screen_event(error="editor_error")
    async def save(self, form: dict):
        saved = await call(self, communities.edit_community, row_id(self.editing_id), **_fields(form))
        self.editor_open = False
        self.notice = await in_language(self, phrase("Saved {name}.", name=saved.name))
        await self._load()

    @rx.event
    @screen_event
    async def work_on(self, community_id: str):
        chosen = await call(self, communities.choose_community, row_id(community_id))
        self.notice = await in_language(self, phrase("You are working on {name} now.", name=chosen.name))
        await self._load()
        return StaffCommunityState.load
