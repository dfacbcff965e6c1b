"""Admin: order statistics (finance) with a chart and CSV, and the logistics view (customer service)."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, form_label, page_header
from components.i18n import N_, t
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.order_stats import AdminLogisticsState as L
from state.admin.order_stats import AdminOrderStatsState as S
from state.shared.back_office import AdminPermission

PERIODS = [("day", N_("By day")), ("week", N_("By week")), ("month", N_("By month"))]
GROUPS = [("time", N_("Over time")), ("shop", N_("By shop")), ("community", N_("By community")),
          ("category", N_("By category"))]
SELECT_STYLE = {"padding": "0.5em", "border_radius": "6px", "border": f"1px solid {rx.color('gray', 7)}"}


def _select(name: str, label: str, options, value) -> rx.Component:
    return rx.vstack(form_label(t(label), html_for=f"stats-{name}"),
                     rx.el.select(*[rx.el.option(t(word), value=code) for code, word in options], id=f"stats-{name}",
                                  name=name, default_value=value, style=SELECT_STYLE), spacing="1")


def _date(name: str, label: str, value) -> rx.Component:
    return rx.vstack(form_label(t(label), html_for=f"stats-{name}"),
                     rx.input(type="date", id=f"stats-{name}", name=name, default_value=value, key=value), spacing="1")


def _controls() -> rx.Component:
    return rx.form(rx.hstack(
        _date("start", N_("From"), S.start), _date("end", N_("To"), S.end),
        _select("period", N_("Period"), PERIODS, S.period), _select("group", N_("Group"), GROUPS, S.group),
        rx.button(t("Show"), type="submit", disabled=S.busy),
        rx.button(rx.icon("download", size=16), t("Download CSV"), type="button", variant="soft",
                  on_click=S.download, disabled=S.rows.length() == 0, id="stats-csv"),
        wrap="wrap", spacing="3", align="end"), on_submit=S.choose, width="100%")


def _chart() -> rx.Component:
    return rx.card(rx.recharts.bar_chart(
        rx.recharts.bar(data_key="orders", fill=rx.color("accent", 9), name=t("Orders"), is_animation_active=False),
        rx.recharts.bar(data_key="value", fill=rx.color("green", 8), name=t("Value (whole units)"),
                        is_animation_active=False),
        rx.recharts.x_axis(data_key="label"), rx.recharts.y_axis(), rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.graphing_tooltip(), rx.recharts.legend(),
        data=S.chart, width="100%", height=280), width="100%", id="stats-chart")


def _row(r: dict) -> rx.Component:
    return rx.table.row(rx.table.row_header_cell(r["label"]), rx.table.cell(r["orders"]), rx.table.cell(r["value"]),
                        rx.table.cell(r["refunds"]), rx.table.cell(r["fees"]))


def _total(r: dict) -> rx.Component:
    return rx.text(rx.text.strong(t("Total: ")), r["orders"], " · ", r["value"], " · ", t("refunds "), r["refunds"],
                   " · ", t("fees "), r["fees"], size="2")


@area_page("/admin/statistics", "Order statistics · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.FINANCE)
def admin_order_stats() -> rx.Component:
    return admin_shell(
        page_header(t("Order statistics"), t("Paid orders by the day they were placed (in your time zone): how many, "
                                             "their value, what was refunded and the platform's fees."),
                    error=S.error, notice=S.notice),
        _controls(),
        rx.cond(S.rows.length() > 0, rx.vstack(_chart(), rx.foreach(S.totals, _total), width="100%")),
        table_or_empty(S.rows, empty_state("chart-column", t("No orders in these days"),
                                           t("Choose other days, or wait for the first orders.")),
                       (t("Period or group"), t("Orders"), t("Value"), t("Refunds"), t("Fees")), _row,
                       id="stats-table"),
    )


def _delivery(r: dict) -> rx.Component:
    late = r["late"] == "1"
    return rx.table.row(
        rx.table.row_header_cell("#", r["id"]),
        rx.table.cell(r["shop"]), rx.table.cell(r["community"]), rx.table.cell(r["address"]),
        rx.table.cell(rx.cond(late, rx.badge(t("Late"), color_scheme="red"), rx.fragment()), " ", r["due"]),
        rx.table.cell(r["courier"]),
        background=rx.cond(late, rx.color("red", 3), "transparent"), class_name=rx.cond(late, "late", ""),
    )


@area_page("/admin/logistics", "Deliveries · Admin · Community Hub", "admin", L.load,
           permission=AdminPermission.CUSTOMER_SERVICE)
def admin_logistics() -> rx.Component:
    return admin_shell(
        page_header(t("Deliveries"), t("Orders out for delivery now. Late ones (their delivery window has passed) "
                                       "come first, in red."),
                    error=L.error, notice=L.notice,
                    action=rx.button(rx.icon("refresh-cw", size=16), t("Refresh"), variant="soft", on_click=L.refresh)),
        table_or_empty(L.rows, empty_state("truck", t("Nothing out for delivery"), t("Orders a shop sends out appear "
                                                                                     "here until they are delivered.")),
                       (t("Order"), t("Shop"), t("Community"), t("Address"), t("Due by"), t("Courier")), _delivery,
                       id="deliveries"),
    )
