"""Admin: merchant applications — approve, reject with a reason, or ask for more."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, notice_callout, page_title
from components.hub_map import hub_map
from components.i18n import pt, t
from components.shells import admin_shell
from state.admin.market_merchants import AdminMerchantsState as St
from state.shared.back_office import AdminPermission
from state.shared.map_source import MapSourceState


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["business"]), rx.table.cell(row["category"]), rx.table.cell(row["legal_name"]),
        rx.table.cell(rx.badge(row["state_label"])), rx.table.cell(row["created"]),
        rx.table.cell(rx.button(t("Review"), size="1", variant="soft", id="review-" + row["id"], on_click=St.open(row))),
        id="application-" + row["id"],
    )


def _kv(label: str, key: str) -> rx.Component:
    return rx.hstack(rx.text(label, size="2", color_scheme="gray", min_width="9em"), rx.text(St.detail[key], size="2"))


def _detail() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(St.detail["business"]),
        rx.vstack(
            _kv(t("Category"), "category"), _kv(t("Address"), "address"), _kv(t("Location"), "location"),
            rx.text(St.place_note, size="2", id="application-place-note"),
            hub_map(lat=St.place_lat, lon=St.place_lon, markers=St.place_markers, tile_url=MapSourceState.tile_url,
                    attribution=MapSourceState.attribution, label=t("Map: where the shop would be"),
                    id="application-map", width="100%", height="260px"),
            _kv(t("Contact"), "contact"), _kv(t("Legal name"), "legal_name"), _kv(t("ID number"), "id_number"),
            _kv(t("Licence"), "licence"), _kv(t("State"), "state_label"),
            rx.cond(St.detail["note"] != "", _kv(t("Last note"), "note")),
            rx.heading(t("Documents"), size="3"),
            rx.hstack(rx.text(t("Required:"), size="2", color_scheme="gray"),
                      rx.foreach(St.required, lambda r: rx.badge(
                          rx.cond(r["have"] != "", rx.icon("check", size=12), rx.icon("x", size=12)), r["label"],
                          color_scheme=rx.cond(r["have"] != "", "green", "red"), variant="soft")),
                      wrap="wrap", align="center", id="required-documents"),
            rx.cond(St.documents.length() == 0, rx.text(t("No documents yet."), size="2", color_scheme="gray"),
                    rx.vstack(rx.foreach(St.documents, lambda d: rx.text(d["kind"], ": ", d["name"], " (", d["type"],
                                                                         ", ", d["size"], ")", size="2")), spacing="1")),
            rx.heading(t("History"), size="3"),
            rx.vstack(rx.foreach(St.history, lambda h: rx.text(h["at"], " · ", h["who"], " · ", h["action"],
                                                               rx.cond(h["detail"] != "", " — " + h["detail"], ""),
                                                               size="1")), spacing="0", id="application-history"),
            rx.cond(St.detail["state"] == "submitted",
                    rx.vstack(
                        rx.text_area(placeholder=t("Reason for a rejection, or what the applicant must add"),
                                     value=St.note, on_change=St.set_note, id="decision-note", width="100%"),
                        rx.cond(St.missing_text != "",
                                rx.text(St.missing_text, size="2", color_scheme="red", id="approve-blocked")),
                        rx.hstack(rx.button(t("Approve"), color_scheme="green", id="approve", on_click=St.approve,
                                            disabled=St.busy | (St.missing_text != ""),
                                            aria_describedby="approve-blocked"),
                                  rx.button(t("Ask for more"), variant="soft", id="ask-more", on_click=St.ask_more,
                                            disabled=St.busy),
                                  rx.button(pt("application", "Reject"), color_scheme="red", variant="soft", id="reject",
                                            on_click=St.reject, disabled=St.busy)),
                        width="100%")),
            error_callout(St.error),
            rx.hstack(rx.button(t("Close"), variant="soft", on_click=St.close), justify="end", width="100%"),
            spacing="2", width="100%",
        ),
        max_width="640px",
    ), open=St.open_id != 0)


@area_page("/admin/merchants", "Merchant applications · Community Hub", "admin", St.load, MapSourceState.load,
           permission=AdminPermission.REVIEW)
def admin_merchants() -> rx.Component:
    return admin_shell(
        page_title(t("Merchant applications")),
        rx.hstack(rx.foreach(St.filters, lambda f: rx.button(f["label"], size="1", id="filter-" + f["value"],
                                                              variant=rx.cond(St.filter == f["value"], "solid", "soft"),
                                                              on_click=St.set_filter(f["value"]))),
                  margin_bottom="1em", wrap="wrap"),
        error_callout(St.error),
        notice_callout(St.notice),
        rx.cond(St.rows.length() == 0,
                empty_state("store", t("Nothing here"), t("Applications in this state appear here.")),
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   (t("Business"), t("Category"), t("Applicant"), t("State"), t("Sent"), "")])),
                    rx.table.body(rx.foreach(St.rows, _row)), width="100%", id="applications-table")),
        _detail(),
    )
