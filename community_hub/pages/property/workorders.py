"""Staff: work orders — triage, dispatch to a worker, overdue list, CSV export."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, notice_callout, page_header
from components.dialogs import state_dialog
from components.i18n import N_, t, tf
from components.property_repairs import status_badge
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.workorders import FILTERS
from state.property.workorders import PropertyWorkOrdersState as S

# The filter's choices as the select shows them (the values stay the state's words).
_FILTER_NAMES = {"open": N_("open"), "overdue": N_("overdue"), "all": N_("all"), "reported": N_("reported"),
                 "triaged": N_("triaged"), "dispatched": N_("dispatched"), "done": N_("done"),
                 "reopened": N_("reopened"), "confirmed": N_("confirmed"), "cancelled": N_("cancelled")}


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link("#", row["id"], href="/repairs/" + row["id"])),
        rx.table.cell(rx.vstack(rx.text(row["category"], weight="medium"),
                                rx.text(row["location"], size="1", color_scheme="gray"), spacing="0")),
        rx.table.cell(row["home"]),
        rx.table.cell(status_badge(row["status"], row["label"])),
        rx.table.cell(rx.hstack(rx.text(row["due"], size="1"),
                                rx.cond(row["overdue"] != "", rx.badge(t("overdue"), color_scheme="red")), spacing="1")),
        rx.table.cell(row["worker"]),
        rx.table.cell(rx.hstack(
            rx.cond(row["status"] == "reported",
                    rx.button(t("Triage"), size="1", variant="soft", on_click=S.triage(row["id"]))),
            rx.cond((row["status"] == "triaged") | (row["status"] == "reopened"),
                    rx.button(t("Dispatch"), size="1", on_click=S.open_dispatch(row["id"]))),
            rx.link(rx.button(t("Open"), size="1", variant="ghost"), href="/repairs/" + row["id"]),
            spacing="2")),
        class_name="wo-row",
    )


def _dispatch_dialog() -> rx.Component:
    return state_dialog(
        tf("Dispatch work order #{id}", id=S.dispatch_id),
        rx.cond(S.workers.length() == 0,
                rx.text(t("No active workers are registered for this community."), color_scheme="gray"),
                rx.select.root(rx.select.trigger(placeholder=t("Choose a worker"), id="dispatch-worker", width="100%"),
                               rx.select.content(rx.foreach(S.workers, lambda w: rx.select.item(w["name"], value=w["id"]))),
                               value=S.dispatch_worker, on_change=S.set_dispatch_worker)),
        error_callout(S.error),
        is_open=S.dispatch_id != 0, on_cancel=S.close_dispatch,
        action=rx.button(t("Send"), on_click=S.dispatch, id="dispatch-send"),
    )


def _setup() -> rx.Component:
    """Repair categories with their SLA, and the workers orders can be sent to."""
    return rx.grid(
        rx.card(rx.vstack(
            rx.heading(t("Categories and SLA"), size="3"),
            rx.foreach(S.categories, lambda c: rx.text(tf("{name}: done within {hours} h", name=c["name"], hours=c["sla"]), size="2")),
            rx.form(rx.hstack(rx.input(name="name", placeholder=t("Category")),
                              rx.input(name="sla", placeholder=t("SLA hours"), width="7em"),
                              rx.button(t("Add"), type="submit", variant="soft"), spacing="2", wrap="wrap"),
                    on_submit=S.add_category, reset_on_submit=True),
            spacing="2")),
        rx.card(rx.vstack(
            rx.heading(t("Workers"), size="3"),
            rx.foreach(S.workers, lambda w: rx.text(w["name"], " ", w["phone"],
                                                    rx.cond(w["login"] != "", t(" (has a login)"), ""), size="2")),
            rx.form(rx.hstack(rx.input(name="name", placeholder=t("Name")), rx.input(name="phone", placeholder=t("Mobile")),
                              rx.button(t("Add"), type="submit", variant="soft"), spacing="2", wrap="wrap"),
                    on_submit=S.add_worker, reset_on_submit=True),
            spacing="2")),
        columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%", margin_top="2em",
    )


@area_page("/property/workorders", "Work orders · Property · Community Hub", "property", S.load)
def property_workorders() -> rx.Component:
    return property_shell(
        page_header(t("Work orders"), t("Repairs reported by residents, with their SLA due times."),
                    action=rx.button(rx.icon("download", size=16), t("Export CSV"), variant="soft", on_click=S.export,
                                     id="wo-export")),
        rx.hstack(
            rx.text(t("Show"), size="2"),
            rx.select.root(rx.select.trigger(aria_label=t("Show"), id="wo-filter"), rx.select.content(
                *[rx.select.item(t(_FILTER_NAMES[f]), value=f) for f in FILTERS]),
                value=S.show, on_change=S.set_show),
            rx.cond(S.overdue_count > 0,
                    rx.button(rx.icon("alarm-clock", size=14), tf("{count} overdue", count=S.overdue_count), size="1", color_scheme="red",
                              variant="soft", on_click=S.set_show("overdue"), id="wo-overdue")),
            align="center", spacing="3", margin_bottom="1em"),
        rx.cond(S.dispatch_id == 0, error_callout(S.error)),
        notice_callout(S.notice),
        table_or_empty(S.rows, empty_state("wrench", t("No work orders here"), t("Nothing matches this filter.")),
                       ("#", t("Repair"), t("Unit"), t("Status"), t("Due"), t("Worker"), ""), _row, id="wo-table"),
        _setup(),
        _dispatch_dialog(),
    )
