"""Staff: buildings and units of the community being worked on — one at a time, or many from a CSV."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, form_label, page_header
from components.file_picker import labelled_upload
from components.i18n import t, tf
from components.select_field import select_field
from components.shells import property_shell
from components.tables import cells, table_or_empty
from state.property.buildings import CSV_UPLOAD
from state.property.buildings import PropertyBuildingsState as S

CSV_EXAMPLE = "building,unit,floor_area,owner_name,contact\nA,101,85,Ann Lee,+1 555 0101\nA,102,72,,\n"


def _labelled(label, id_: str, control: rx.Component, hint=None) -> rx.Component:
    parts = [form_label(label, html_for=id_), control]
    if hint is not None:
        parts.append(rx.text(hint, size="1", color_scheme="gray"))
    return rx.vstack(*parts, spacing="1", width="100%")


def _add_building() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("Add a building"), size="3"),
        rx.hstack(
            _labelled(t("Building name"), "building-name", rx.input(id="building-name", name="name", max_length=20,
                                                                    required=True, placeholder="A")),
            _labelled(t("Floors"), "building-floors", rx.input(id="building-floors", name="floors", type="number",
                                                               min=0, max=300)),
            spacing="3", width="100%", align="end"),
        rx.button(t("Add building"), type="submit", disabled=S.busy),
        spacing="2", width="100%"), on_submit=S.add_building, reset_on_submit=True), width="100%")


def _add_unit() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("Add a unit"), size="3"),
        rx.grid(
            select_field(t("Building"), "building", S.building_names, placeholder="—", required=True),
            _labelled(t("Unit"), "unit-number", rx.input(id="unit-number", name="unit", max_length=20, required=True,
                                                         placeholder="204")),
            _labelled(t("Floor area (m²)"), "unit-area", rx.input(id="unit-area", name="area", type="number", min=0,
                                                                   max=100000)),
            _labelled(t("Owner name"), "unit-owner", rx.input(id="unit-owner", name="owner_name", max_length=80)),
            _labelled(t("Owner contact"), "unit-contact", rx.input(id="unit-contact", name="owner_contact",
                                                                    max_length=120)),
            columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="3", width="100%"),
        rx.button(t("Add unit"), type="submit", disabled=S.busy),
        spacing="2", width="100%"), on_submit=S.add_unit, reset_on_submit=True), width="100%")


def _problem(p: dict) -> rx.Component:
    return rx.table.row(rx.table.cell(p["line"]), rx.table.cell(p["reason"]))


def _import() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("Import units from a CSV"), size="3"),
        rx.text(t("One line per unit under a first line naming the columns: building, unit, floor_area, owner_name, "
                  "contact. Buildings not here yet are added. If any line has a problem, nothing is imported and "
                  "every such line is listed."), size="2", color_scheme="gray"),
        _labelled(t("CSV text"), "units-csv",
                  rx.text_area(id="units-csv", name="csv", value=S.csv_text, on_change=S.set_csv_text, rows="8",
                               width="100%", placeholder=CSV_EXAMPLE, font_family="monospace"),
                  hint=t("Paste it from a spreadsheet saved as CSV.")),
        rx.hstack(
            rx.button(t("Import units"), type="submit", disabled=S.busy),
            rx.text(t("or"), size="2", color_scheme="gray"),
            labelled_upload(t("Choose a CSV file"), rx.button(t("Choose a CSV file"), variant="soft", type="button"),
                            id=CSV_UPLOAD, max_files=1, border="none", padding="0",
                            accept={"text/csv": [".csv"], "text/plain": [".txt"]}),
            rx.text(rx.selected_files(CSV_UPLOAD).join(", "), size="1"),
            rx.button(t("Import the file"), type="button", variant="soft", disabled=S.busy,
                      on_click=S.import_file(rx.upload_files(upload_id=CSV_UPLOAD))),
            align="center", spacing="3", wrap="wrap"),
        rx.cond(S.problems.length() > 0, rx.vstack(
            rx.text(t("Lines to fix"), weight="medium", color_scheme="red"),
            table_or_empty(S.problems, rx.fragment(), (t("Line"), t("Problem")), _problem, id="import-problems"),
            width="100%")),
        spacing="2", width="100%"), on_submit=S.import_csv, reset_on_submit=False), width="100%")


def _unit_row(u: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(u["unit"]), rx.table.cell(u["area"]), rx.table.cell(u["owner"]),
        rx.table.cell(u["contact"]), rx.table.cell(u["members"]),
        rx.table.cell(rx.button(t("Edit"), size="1", variant="soft", on_click=S.edit(u["id"]),
                                aria_label=tf("Edit {unit}", unit=u["unit"]))),
    )


def _unit_editor() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(tf("Edit unit {unit}", unit=S.unit_label)),
        rx.form(rx.vstack(
            rx.vstack(
                _labelled(t("Floor area (m²)"), "edit-area", rx.input(id="edit-area", name="area", type="number", min=0,
                                                                       max=100000, default_value=S.area)),
                _labelled(t("Owner name"), "edit-owner", rx.input(id="edit-owner", name="owner_name", max_length=80,
                                                                  default_value=S.owner_name)),
                _labelled(t("Owner contact"), "edit-contact", rx.input(id="edit-contact", name="owner_contact",
                                                                       max_length=120, default_value=S.owner_contact)),
                spacing="3", width="100%", key=S.editing_id),
            error_callout(S.editor_error),
            rx.hstack(rx.button(t("Cancel"), type="button", variant="soft", on_click=S.close_editor),
                      rx.button(t("Save"), type="submit", disabled=S.busy), justify="end", width="100%"),
            spacing="3", width="100%"), on_submit=S.save_unit, reset_on_submit=False),
        max_width="480px"), open=S.editor_open, on_open_change=lambda _o: S.close_editor)


@area_page("/property/buildings", "Buildings · Property · Community Hub", "property", S.load)
def property_buildings() -> rx.Component:
    return property_shell(
        page_header(t("Buildings and units"), t("The community's buildings and the units in them. People join a unit "
                                                "with an invitation code from the Households page."),
                    error=S.error, notice=S.notice),
        rx.heading(t("Buildings"), size="4"),
        table_or_empty(S.buildings, rx.text(t("No buildings yet: add one, or import units from a CSV."),
                                            color_scheme="gray", size="2"),
                       (t("Building"), t("Floors"), t("Units")), cells("name", "floors", "units"), id="buildings"),
        rx.grid(_add_building(), _add_unit(), columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%",
                margin_top="1em"),
        rx.box(_import(), margin_top="1em", width="100%"),
        rx.heading(t("Units"), size="4", margin_top="1em"),
        table_or_empty(S.units, empty_state("building", t("No units yet"),
                                            t("Add units one at a time or import them from a CSV.")),
                       (t("Unit"), t("Floor area (m²)"), t("Owner"), t("Contact"), t("Members"), ""), _unit_row,
                       id="units"),
        _unit_editor(),
    )
