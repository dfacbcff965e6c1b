"""A community partner key's webhook endpoints and their latest deliveries, with "Resend" (the
admin's partner keys page)."""

import reflex as rx

from components.i18n import t, tf
from components.tables import table_or_empty
from state.admin.partner_keys import AdminPartnerKeysState as St


def _endpoint_row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(row["url"])), rx.table.cell(row["events"]),
        rx.table.cell(rx.cond(row["active"] == "1", rx.badge(t("on"), color_scheme="green"),
                              rx.badge(tf("off: {reason}", reason=row["reason"]), color_scheme="gray"))),
        rx.table.cell(rx.cond(row["may_enable"] == "1", rx.button(
            t("Turn on again"), size="1", variant="soft", disabled=St.busy,
            aria_label=tf("Turn on again {url}", url=row["url"]), on_click=St.enable_endpoint(row["id"])))))


def _delivery_row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["when"]), rx.table.cell(rx.code(row["endpoint"])), rx.table.cell(row["event"]),
        rx.table.cell(row["status"]), rx.table.cell(row["attempts"]), rx.table.cell(row["answer"]),
        rx.table.cell(rx.button(t("Resend"), size="1", variant="soft", disabled=St.busy,
                                aria_label=tf("Resend delivery {id}", id=row["id"]),
                                on_click=St.resend_delivery(row["id"]))))


def partner_webhooks() -> rx.Component:
    return rx.cond(St.hooks_of != "", rx.vstack(
        rx.heading(tf("Webhook endpoints of key {name}", name=St.hooks_of), size="3"),
        table_or_empty(St.endpoints, rx.text(t("This key has registered no webhook endpoint.")),
                       (t("Address"), t("Events"), t("State"), ""), _endpoint_row, id="partner-endpoints"),
        rx.heading(t("Latest deliveries"), size="3"),
        table_or_empty(St.deliveries, rx.text(t("Nothing sent yet.")),
                       (t("When"), t("Address"), t("Event"), t("Status"), t("Tries"), t("Last answer"), ""),
                       _delivery_row, id="partner-deliveries"),
        width="100%", margin_top="1em"))
