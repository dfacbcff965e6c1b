"""Staff: the company's communities — start one, edit one, switch the one being worked on."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, form_label, page_header
from components.hub_map import hub_map
from components.i18n import pt, t, tf
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.communities import PropertyCommunitiesState as S
from state.shared.map_source import MapSourceState

_HINT_PLACE = "Latitude and longitude in degrees, like 40.7128 and -74.0060 (a map app shows them)."


def _input(label, prefix: str, name: str, value, *, limit: int, required: bool = True, hint=None) -> rx.Component:
    """A labelled input; the new form and the editor give theirs different ids (`prefix`)."""
    parts = [form_label(label, html_for=f"{prefix}-{name}"),
             rx.input(id=f"{prefix}-{name}", name=name, default_value=value, max_length=limit, required=required,
                      width="100%")]
    if hint is not None:
        parts.append(rx.text(hint, size="1", color_scheme="gray"))
    return rx.vstack(*parts, spacing="1", width="100%")


def _place(label, prefix: str, name: str, value, on_change) -> rx.Component:
    """Latitude or longitude: typed, or filled by a tap on the map."""
    return rx.vstack(form_label(label, html_for=f"{prefix}-{name}"),
                     rx.input(id=f"{prefix}-{name}", name=name, value=value, on_change=on_change, max_length=30,
                              required=True, width="100%"), spacing="1", width="100%")


def _fields(prefix: str, values: dict) -> rx.Component:
    """The community's fields; `values` are the editor's (empty for a new one)."""
    return rx.vstack(
        _input(pt("thing", "Name"), prefix, "name", values.get("name", ""), limit=120),
        _input(t("Web address name"), prefix, "slug", values.get("slug", ""), limit=60,
               hint=t("a-z, 0-9 and dashes, like maple-court: the community's pages live at /c/maple-court")),
        _input(t("Address"), prefix, "address", values.get("address", ""), limit=200, required=False),
        rx.text(t("Tap the map where the community is, or type its latitude and longitude."), size="2",
                weight="medium"),
        hub_map(lat=S.map_lat, lon=S.map_lon, radius_m=0, markers=S.pick_markers, picking=True, on_pick=S.pick,
                tile_url=MapSourceState.tile_url, attribution=MapSourceState.attribution,
                label=t("Map: tap where the community is"), id=f"{prefix}-map", width="100%", height="240px"),
        rx.grid(_place(t("Latitude"), prefix, "lat", S.pick_lat, S.set_pick_lat),
                _place(t("Longitude"), prefix, "lon", S.pick_lon, S.set_pick_lon),
                columns="2", spacing="3", width="100%"),
        rx.text(t(_HINT_PLACE), size="1", color_scheme="gray"),
        _input(t("Time zone"), prefix, "time_zone", values.get("time_zone", "UTC"), limit=64,
               hint=t("A name like America/New_York or Asia/Shanghai")),
        spacing="3", width="100%", key=values.get("key", prefix),
    )


def _new_form() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(t("New community")),
        rx.form(rx.vstack(
            _fields("new", {}),
            error_callout(S.form_error),
            rx.hstack(rx.button(t("Cancel"), type="button", variant="soft", on_click=S.close_form),
                      rx.button(t("Create community"), type="submit", disabled=S.busy), justify="end", width="100%"),
            spacing="3", width="100%"), on_submit=S.create, reset_on_submit=False),
        max_width="560px"), open=S.form_open, on_open_change=lambda _o: S.close_form)


def _editor() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(tf("Edit {name}", name=S.name)),
        rx.form(rx.vstack(
            # Keyed on the community: the inputs start from its saved values each time it opens.
            _fields("edit", {"name": S.name, "slug": S.slug, "address": S.address, "lat": S.lat, "lon": S.lon,
                             "time_zone": S.time_zone, "key": S.editing_id}),
            error_callout(S.editor_error),
            rx.hstack(rx.button(t("Cancel"), type="button", variant="soft", on_click=S.close_editor),
                      rx.button(t("Save"), type="submit", disabled=S.busy), justify="end", width="100%"),
            spacing="3", width="100%"), on_submit=S.save, reset_on_submit=False),
        max_width="560px"), open=S.editor_open, on_open_change=lambda _o: S.close_editor)


def _row(c: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.hstack(rx.text(c["name"], weight="medium"),
                                           rx.cond(c["current"] != "", rx.badge(t("working on it"), color_scheme="green")),
                                           align="center", wrap="wrap")),
        rx.table.cell(rx.code(c["slug"])), rx.table.cell(c["address"]), rx.table.cell(c["place"]),
        rx.table.cell(c["zone"]), rx.table.cell(c["company"]),
        rx.table.cell(rx.hstack(
            rx.button(t("Edit"), size="1", variant="soft", on_click=S.edit(c["id"]),
                      aria_label=tf("Edit {name}", name=c["name"])),
            rx.cond(c["current"] == "", rx.button(t("Work on this"), size="1", variant="soft",
                                                   on_click=S.work_on(c["id"]), disabled=S.busy,
                                                   aria_label=tf("Work on {name}", name=c["name"]))),
            spacing="2")),
        class_name="community-row",
    )


@area_page("/property/communities", "Communities · Property · Community Hub", "property", S.load,
           MapSourceState.load)
def property_communities() -> rx.Component:
    return property_shell(
        page_header(t("Communities"), t("The communities your company runs. Start one, edit one, or choose the one "
                                        "the other pages work on."), error=S.error, notice=S.notice,
                    action=rx.button(rx.icon("plus", size=16), t("New community"), on_click=S.new_community)),
        table_or_empty(S.rows, empty_state("map", t("No communities yet"), t("Start your first community: its name, "
                                                                            "address and place on the map.")),
                       (pt("thing", "Name"), t("Web address name"), t("Address"), t("Location"), t("Time zone"), t("Company"), ""),
                       _row, id="communities"),
        _new_form(),
        _editor(),
    )
