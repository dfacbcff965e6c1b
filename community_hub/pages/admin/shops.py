"""Admin: supervising shops — the list, one shop's view (orders, disputes, refunds rate, reviews,
complaints, warnings, history), suspend / reinstate with a reason, warn, trusted switch."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, form_label, page_header
from components.dialogs import state_dialog
from components.i18n import t, tf
from components.shells import admin_shell
from components.tables import paged_table, table_or_empty
from state.admin.shops import AdminShopsState as St
from state.shared.back_office import AdminPermission


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["name"]),
        rx.table.cell(rx.badge(row["status_label"],
                               color_scheme=rx.cond(row["status"] == "suspended", "red", "green"))),
        rx.table.cell(rx.cond(row["trusted"] == "1", t("yes"), t("no"))),
        rx.table.cell(row["waiting"]), rx.table.cell(row["warnings"]),
        rx.table.cell(rx.button(t("Open"), size="1", variant="soft", on_click=St.open(row["id"]),
                                id="open-shop-" + row["id"], aria_label=tf("Open {name}", name=row["name"]))),
        class_name="shop-row", id="shop-" + row["id"],
    )


def _stat(s: dict) -> rx.Component:
    return rx.card(rx.vstack(rx.text(s["label"], size="1", color_scheme="gray"), rx.text(s["value"], size="4",
                                                                                           weight="bold"),
                             spacing="1"), min_width="9em")


def _actions() -> rx.Component:
    return rx.hstack(
        rx.el.label(rx.hstack(rx.switch(checked=St.shop["trusted"] == "1", on_change=St.set_trusted,
                                        disabled=St.busy, id="trusted-switch",
                                        aria_label=t("Trusted: products go live without review")),
                              rx.text(t("Trusted: products go live without review"), size="2"),
                              align="center", spacing="2")),
        rx.spacer(),
        rx.button(t("Warn"), variant="soft", color_scheme="orange", on_click=St.ask("warn"), id="warn-shop"),
        rx.cond(St.shop["status"] == "suspended",
                rx.button(t("Reinstate"), color_scheme="green", on_click=St.ask("reinstate"), id="reinstate-shop"),
                rx.button(t("Suspend"), color_scheme="red", variant="soft", on_click=St.ask("suspend"),
                          id="suspend-shop")),
        width="100%", align="center", wrap="wrap")


def _shop_view() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(St.shop["name"], size="5"),
                  rx.badge(St.shop["status_label"],
                           color_scheme=rx.cond(St.shop["status"] == "suspended", "red", "green")),
                  rx.spacer(), rx.button(t("Close"), variant="soft", size="1", on_click=St.close),
                  width="100%", align="center"),
        rx.cond(St.shop["reason"] != "", rx.callout(tf("Suspended: {reason}", reason=St.shop["reason"]),
                                                    icon="ban", color_scheme="red", width="100%")),
        _actions(),
        rx.flex(rx.foreach(St.stats, _stat), wrap="wrap", gap="2", id="shop-stats"),
        rx.heading(t("Latest orders"), size="3"),
        table_or_empty(St.orders, rx.text(t("No orders yet."), size="2", color_scheme="gray"),
                       [t("Order"), t("State"), t("Total"), t("Placed")],
                       lambda o: rx.table.row(rx.table.cell("#" + o["id"]), rx.table.cell(o["state"]),
                                              rx.table.cell(o["total"]), rx.table.cell(o["at"]))),
        rx.heading(t("Latest reviews"), size="3"),
        table_or_empty(St.reviews, rx.text(t("No reviews yet."), size="2", color_scheme="gray"),
                       [t("Stars"), t("Review"), t("Written")],
                       lambda r: rx.table.row(rx.table.cell(r["rating"]), rx.table.cell(r["text"]),
                                              rx.table.cell(r["at"]))),
        rx.heading(t("Warnings"), size="3"),
        table_or_empty(St.warnings, rx.text(t("No warnings given."), size="2", color_scheme="gray"),
                       [t("Warning"), t("Given"), t("Acknowledged")],
                       lambda w: rx.table.row(rx.table.cell(w["note"]), rx.table.cell(w["at"]),
                                              rx.table.cell(rx.cond(w["ack"] != "", w["ack"], t("not yet")))),
                       id="shop-warnings"),
        rx.heading(t("What was decided"), size="3"),
        table_or_empty(St.history, rx.text(t("Nothing decided yet."), size="2", color_scheme="gray"),
                       [t("Decision"), t("Reason"), t("When")],
                       lambda h: rx.table.row(rx.table.cell(h["what"]), rx.table.cell(h["detail"]),
                                              rx.table.cell(h["at"]))),
        spacing="3", width="100%"), width="100%", id="shop-view")


def _dialog() -> rx.Component:
    return state_dialog(
        rx.match(St.dialog, ("suspend", t("Suspend this shop")), ("reinstate", t("Reinstate this shop")),
                 t("Warn this shop")),
        rx.vstack(
            rx.text(rx.match(St.dialog,
                             ("suspend", t("Residents stop seeing it and cannot order; its open orders can still "
                                           "be completed. The merchant reads your reason.")),
                             ("reinstate", t("Residents see it and can order again.")),
                             t("The merchant sees the warning on their dashboard until they acknowledge it.")),
                    size="2"),
            form_label(rx.cond(St.dialog == "warn", t("Warning"), t("Reason (kept in the audit log)")),
                       html_for="supervision-text"),
            rx.text_area(id="supervision-text", value=St.text, on_change=St.set_text, max_length=1000, width="100%"),
            rx.cond(St.error != "", rx.callout(St.error, icon="triangle_alert", color_scheme="red", role="alert",
                                               width="100%")),
            spacing="2", width="100%"),
        is_open=St.dialog != "", on_cancel=St.cancel,
        action=rx.button(rx.match(St.dialog, ("suspend", t("Suspend")), ("reinstate", t("Reinstate")),
                                  t("Send warning")),
                         color_scheme=rx.cond(St.dialog == "suspend", "red", "green"), id="supervision-confirm",
                         on_click=St.confirm, disabled=St.busy))


@area_page("/admin/shops", "Shops · Admin · Community Hub", "admin", St.load, permission=AdminPermission.REVIEW)
def admin_shops() -> rx.Component:
    return admin_shell(
        page_header(t("Shops"), t("Supervise trading shops: suspend, reinstate, warn, trust."),
                    error=St.error, notice=St.notice),
        rx.hstack(
            rx.form(rx.hstack(rx.input(name="q", placeholder=t("Search shop"), width="18em",
                                       aria_label=t("Search shop")),
                              rx.button(t("Search"), type="submit")), on_submit=St.search),
            rx.checkbox(t("Suspended only"), checked=St.suspended_only, on_change=St.set_suspended_only),
            align="center", spacing="4", margin_bottom="1em", wrap="wrap"),
        rx.cond(St.total == 0, empty_state("store", t("No shops found"), t("Try another search.")),
                paged_table((t("Shop"), t("Status"), t("Trusted"), t("Waiting for review"), t("Open warnings"), ""),
                            St.rows, _row, St, id="shops-table")),
        rx.cond(St.open_id != 0, _shop_view()),
        _dialog(),
    )
