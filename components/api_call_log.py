"""The latest calls made with one API key (a shop's or a community partner's): when, method,
address, answer and time taken. Shared by the merchant's and the admin's key pages."""

import reflex as rx

from components.i18n import t, tf
from components.tables import table_or_empty


def _call_row(row: dict) -> rx.Component:
    return rx.table.row(rx.table.cell(row["when"]), rx.table.cell(row["method"]), rx.table.cell(rx.code(row["route"])),
                        rx.table.cell(row["status"]), rx.table.cell(row["ms"]))


def call_log(calls, calls_of) -> rx.Component:
    """`calls`: rows from state.shared.api_call_rows; `calls_of`: the key's name ("" hides the log)."""
    return rx.cond(calls_of != "", rx.vstack(
        rx.heading(tf("Latest calls with key {name}", name=calls_of), size="3"),
        table_or_empty(calls, rx.text(t("No calls yet.")),
                       (t("When"), t("Method"), t("Address"), t("Answer"), t("Milliseconds")), _call_row,
                       id="calls-table"),
        width="100%", margin_top="1em"))
