"""Merchant: connect your shop — API keys for a till or a partner (a key is shown once), a curl
example to try one, and webhook endpoints that receive the shop's events."""

import reflex as rx

from components.api_call_log import call_log
from components.area_page import area_page
from components.common import confirm_button, empty_state, field, page_header
from components.i18n import N_, t, tf
from components.shells import merchant_shell
from components.tables import table_or_empty
from state.merchant.connect import EVENT_LIST, SCOPE_LIST
from state.merchant.connect import MerchantConnectState as St

SCOPE_WORDS = {"products:read": N_("Read products"),
               "products:write": N_("Create and change products, stock and prices"),
               "orders:read": N_("Read orders and events"),
               "orders:write": N_("Accept, send out, cancel and refund orders"),
               "webhooks:manage": N_("Register and remove webhook endpoints")}


def _secret_box() -> rx.Component:
    return rx.cond(St.secret != "", rx.callout(
        rx.vstack(
            rx.text(rx.cond(St.secret_kind == "key", t("Your new API key (shown only now):"),
                            t("The webhook's signing secret (shown only now):")), weight="bold"),
            rx.code(St.secret, id="new-secret", word_break="break-all"),
            rx.hstack(rx.button(t("Copy"), size="1", variant="soft", on_click=rx.set_clipboard(St.secret)),
                      rx.button(t("I have copied it"), size="1", variant="soft", color_scheme="gray",
                                on_click=St.hide_secret)),
            spacing="2", width="100%"),
        icon="key-round", color_scheme="amber", width="100%", id="secret-box"))


def _key_form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("New API key"), size="4"),
        field(t("Key name"), "key_name", placeholder=t("Till in the shop")),
        rx.el.fieldset(
            rx.el.legend(t("What the key may do"), style={"font_weight": "500", "font_size": "14px"}),
            rx.vstack(*[rx.checkbox(t(SCOPE_WORDS[s]) + f" ({s})", name=f"scope-{i}", id=f"scope-{i}",
                                    default_checked=s.endswith(":read"))
                        for i, s in enumerate(SCOPE_LIST)], spacing="1"),
            style={"border": "none", "padding": "0", "margin": "0"}),
        rx.vstack(rx.text(t("Kind of key"), size="2", weight="medium", id="key-mode-label"),
                  rx.radio_group.root(
                      rx.hstack(_choice("live", t("Live")),
                                _choice("sandbox", t("Sandbox (changes things only where the demo payment provider "
                                                     "runs)")), spacing="4", wrap="wrap"),
                      value=St.mode, on_change=St.set_mode, aria_labelledby="key-mode-label"), spacing="1"),
        rx.button(t("Create key"), type="submit", id="key-create", disabled=St.busy),
        spacing="3", width="100%"), on_submit=St.create_key, reset_on_submit=True), width="100%")


def _choice(value: str, label) -> rx.Component:
    # The label around the radio button names it (a screen reader reads "Sandbox …, radio button").
    return rx.el.label(rx.hstack(rx.radio_group.item(value=value, id=f"key-mode-{value}"), rx.text(label, size="2"),
                                 align="center", spacing="2"), style={"cursor": "pointer"})


def _key_row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]), rx.table.cell(rx.code(row["prefix"])), rx.table.cell(row["scopes"]),
        rx.table.cell(row["mode"]), rx.table.cell(row["state"]), rx.table.cell(row["last_used"]),
        rx.table.cell(rx.hstack(
            rx.button(t("Calls"), size="1", variant="soft", color_scheme="gray",
                      aria_label=tf("Calls made with key {name}", name=row["name"]), on_click=St.show_calls(row["id"])),
            rx.cond(row["active"] == "1", rx.hstack(
            confirm_button(rx.button(t("Rotate"), size="1", variant="soft", aria_label=tf("Rotate key {name}",
                                                                                           name=row["name"])),
                           tf("Rotate key {name}?", name=row["name"]),
                           t("A new key is made; the old one keeps working for 24 hours, then stops."),
                           t("Rotate"), St.rotate_key(row["id"])),
            confirm_button(rx.button(t("Revoke"), size="1", variant="soft", color_scheme="red",
                                     aria_label=tf("Revoke key {name}", name=row["name"])),
                           tf("Revoke key {name}?", name=row["name"]),
                           t("Everything using this key stops working at once."), t("Revoke"),
                           St.revoke_key(row["id"]), color_scheme="red"))))),
        id="key-row-" + row["id"])


def _webhook_form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("New webhook endpoint"), size="4"),
        field(t("Address that receives the events"), "webhook_url", type="url",
              placeholder="https://till.example.com/hub-webhooks"),
        rx.el.fieldset(
            rx.el.legend(t("Events to send (none chosen: all)"), style={"font_weight": "500", "font_size": "14px"}),
            rx.hstack(*[rx.checkbox(e, name=f"event-{i}", id=f"event-{i}") for i, e in enumerate(EVENT_LIST)],
                      wrap="wrap", spacing="3"),
            style={"border": "none", "padding": "0", "margin": "0"}),
        rx.button(t("Add endpoint"), type="submit", id="webhook-add", disabled=St.busy),
        spacing="3", width="100%"), on_submit=St.register_webhook, reset_on_submit=True), width="100%")


def _endpoint_row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(row["url"])), rx.table.cell(row["events"]),
        rx.table.cell(rx.cond(row["enabled"] == "1", rx.badge(t("on"), color_scheme="green"),
                              rx.badge(t("off"), color_scheme="gray"))),
        rx.table.cell(rx.cond(row["enabled"] == "1", rx.hstack(
                              rx.button(t("Deliveries"), size="1", variant="soft", color_scheme="gray",
                                        aria_label=tf("Deliveries to {url}", url=row["url"]),
                                        on_click=St.show_deliveries(row["id"])),
                              rx.button(t("Send test event"), size="1", variant="soft",
                                        aria_label=tf("Send a test event to {url}", url=row["url"]),
                                        on_click=St.send_test(row["id"])),
                              confirm_button(rx.button(t("Remove"), size="1", variant="soft", color_scheme="red",
                                                       aria_label=tf("Remove endpoint {url}", url=row["url"])),
                                             t("Remove this webhook endpoint?"),
                                             t("Events are no longer sent there."), t("Remove"),
                                             St.remove_webhook(row["id"]), color_scheme="red")),
                              rx.hstack(rx.button(t("Deliveries"), size="1", variant="soft", color_scheme="gray",
                                                  aria_label=tf("Deliveries to {url}", url=row["url"]),
                                                  on_click=St.show_deliveries(row["id"])),
                                        rx.button(t("Turn on again"), size="1", variant="soft",
                                                  on_click=St.enable_webhook(row["id"]))))),
        id="endpoint-row-" + row["id"])


def _delivery_row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["when"]), rx.table.cell(rx.code(row["event"])), rx.table.cell(row["status"]),
        rx.table.cell(row["attempts"]), rx.table.cell(row["answer"]),
        rx.table.cell(rx.button(t("Resend"), size="1", variant="soft", on_click=St.resend(row["id"]),
                                aria_label=tf("Resend delivery {id}", id=row["id"]))),
        class_name="delivery-row")


def _deliveries() -> rx.Component:
    return rx.cond(St.deliveries_of != "", rx.vstack(
        rx.heading(tf("Latest deliveries to {url}", url=St.deliveries_of), size="3"),
        table_or_empty(St.deliveries, rx.text(t("Nothing was sent there yet.")),
                       (t("When"), t("Event"), t("State"), t("Tries"), t("Last answer"), ""), _delivery_row,
                       id="deliveries-table"),
        width="100%", margin_top="1em"))


@area_page("/merchant/connect", "Connect your shop · Community Hub", "merchant", St.load)
def merchant_connect() -> rx.Component:
    return merchant_shell(
        page_header(t("Connect your shop"), t("Let your till, stock system or delivery partner work with your "
                                              "shop through the API."), error=St.error, notice=St.notice),
        _secret_box(),
        rx.hstack(rx.link(t("API reference"), href="/api/v1/docs", is_external=True),
                  rx.link(t("OpenAPI document"), href="/api/v1/openapi.json", is_external=True), spacing="4"),
        rx.heading(t("API keys"), size="5", margin_top="1em"),
        _key_form(),
        table_or_empty(St.keys, empty_state("key-round", t("No keys yet"), t("Create one above for each system.")),
                       (t("Name"), t("Key"), t("Scopes"), t("Kind"), t("State"), t("Last used"), ""), _key_row,
                       id="keys-table", margin_top="1em"),
        call_log(St.calls, St.calls_of),
        rx.vstack(rx.text(t("Try a key from a terminal:"), weight="medium"),
                  # Plain text (a highlighted code block's colours fall below AA contrast), wrapped.
                  rx.el.pre(rx.el.code(St.curl_example), id="curl-example",
                            style={"white_space": "pre-wrap", "word_break": "break-all", "width": "100%",
                                   "padding": "0.75em", "border_radius": "6px",
                                   "background": rx.color("gray", 3), "margin": "0"}),
                  width="100%", margin_top="1em"),
        rx.heading(t("Webhooks"), size="5", margin_top="1em"),
        rx.text(t("Each event is posted signed the Standard Webhooks way (webhook-id, webhook-timestamp, "
                  "webhook-signature); verify it with the secret before trusting it."), size="2"),
        _webhook_form(),
        table_or_empty(St.endpoints, empty_state("webhook", t("No webhook endpoints"),
                                                 t("Add one above to hear about orders as they happen.")),
                       (t("Address"), t("Events"), t("On"), ""), _endpoint_row, id="endpoints-table", margin_top="1em"),
        _deliveries(),
    )
