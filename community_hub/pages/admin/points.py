"""Admin: points — shops' balances, grant or take back points with a reason, recent movements."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.points import AdminPointsState as S
from state.shared.back_office import AdminPermission


def _shops() -> rx.Component:
    return rx.vstack(
        rx.input(placeholder=t("Find a shop"), value=S.query, on_change=S.search, debounce_timeout=300,
                 id="points-search", width="20em"),
        table_or_empty(S.rows, empty_state("coins", t("No shops found"), t("Approved shops appear here.")),
                       (t("Shop"), t("Points"), ""), lambda r: rx.table.row(
                           rx.table.cell(r["name"]), rx.table.cell(r["balance"]),
                           rx.table.cell(rx.button(t("Choose"), size="1", variant="soft",
                                                   on_click=S.choose(r["owner"], r["name"]))),
                           class_name="points-row"), id="points-table"),
        width="100%", spacing="2")


def _chosen() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(S.owner_name, size="4", id="points-chosen"),
        rx.hstack(
            rx.input(placeholder=t("Points"), value=S.amount, on_change=S.set_amount, width="8em", id="points-amount",
                     input_mode="numeric"),
            rx.input(placeholder=t("Reason (kept on record)"), value=S.reason, on_change=S.set_reason, width="22em",
                     id="points-reason"),
            rx.button(t("Grant"), disabled=S.busy, on_click=S.apply("grant"), id="points-grant"),
            rx.button(t("Take back"), disabled=S.busy, variant="soft", color_scheme="red", on_click=S.apply("revoke")),
            wrap="wrap", spacing="2"),
        rx.cond(S.moves.length() == 0, rx.text(t("No movements yet."), size="2", color_scheme="gray"),
                rx.table.root(rx.table.body(rx.foreach(S.moves, lambda m: rx.table.row(
                    rx.table.cell(m["at"]), rx.table.cell(m["what"]), rx.table.cell(m["points"]),
                    rx.table.cell(m["memo"])))), size="1", width="100%")),
        spacing="3", width="100%"), width="100%")


@area_page("/admin/points", "Points · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.FINANCE)
def admin_points() -> rx.Component:
    return admin_shell(
        page_header(t("Points"), t("Shops spend points on ad slots priced in points. Every grant is on record."),
                    error=S.error, notice=S.notice),
        rx.cond(S.owner != "", _chosen()),
        _shops(),
    )
