"""Admin: community partners' API keys (a delivery firm, an accounting tool): read-only, one
community each, shown once; their calls; their webhook endpoints and deliveries; revoke."""

import reflex as rx

from components.api_call_log import call_log
from components.area_page import area_page
from components.common import confirm_button, field, page_header
from components.i18n import t, tf
from components.partner_webhook_log import partner_webhooks
from components.select_field import select_field
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.partner_keys import SCOPE_CHOICES
from state.admin.partner_keys import AdminPartnerKeysState as St
from state.shared.back_office import AdminPermission


def _secret_box() -> rx.Component:
    return rx.cond(St.secret != "", rx.callout(
        rx.vstack(
            rx.text(t("The partner's new API key (shown only now):"), weight="bold"),
            rx.code(St.secret, id="new-secret", word_break="break-all"),
            rx.hstack(rx.button(t("Copy"), size="1", variant="soft", on_click=rx.set_clipboard(St.secret)),
                      rx.button(t("I have copied it"), size="1", variant="soft", color_scheme="gray",
                                on_click=St.hide_secret)),
            spacing="2", width="100%"),
        icon="key-round", color_scheme="amber", width="100%"))


def _form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("New partner key"), size="4"),
        rx.text(t("For a partner serving one community, such as a delivery firm or an accounting tool. The key "
                  "only reads, and only what you tick."),
                size="2", color_scheme="gray"),
        select_field(t("Community"), "community", St.communities, placeholder=t("Choose a community")),
        field(t("Partner's name"), "key_name", placeholder=t("Swift Couriers")),
        rx.el.fieldset(
            rx.el.legend(t("What the key may read"), style={"font_weight": "500", "font_size": "14px"}),
            rx.vstack(*[rx.checkbox(t(words) + f" ({s})", name=f"scope-{i}", id=f"scope-{i}", default_checked=ticked)
                        for i, (s, words, ticked) in enumerate(SCOPE_CHOICES)], spacing="1"),
            style={"border": "none", "padding": "0", "margin": "0"}),
        rx.button(t("Create key"), type="submit", disabled=St.busy),
        spacing="3", width="100%"), on_submit=St.create_key, reset_on_submit=True), width="100%")


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]), rx.table.cell(row["community"]), rx.table.cell(rx.code(row["prefix"])),
        rx.table.cell(row["scopes"]),
        rx.table.cell(rx.cond(row["active"] == "1", rx.badge(t("active"), color_scheme="green"),
                              rx.badge(t("revoked"), color_scheme="gray"))),
        rx.table.cell(row["last_used"]),
        rx.table.cell(rx.hstack(
            rx.button(t("Calls"), size="1", variant="soft", color_scheme="gray",
                      aria_label=tf("Calls made with key {name}", name=row["name"]), on_click=St.show_calls(row["id"])),
            rx.button(t("Webhooks"), size="1", variant="soft", color_scheme="gray",
                      aria_label=tf("Webhooks of key {name}", name=row["name"]), on_click=St.show_webhooks(row["id"])),
            rx.cond(row["active"] == "1", confirm_button(
                rx.button(t("Revoke"), size="1", variant="soft", color_scheme="red",
                          aria_label=tf("Revoke key {name}", name=row["name"])),
                tf("Revoke key {name}?", name=row["name"]), t("Everything using this key stops working at once."),
                t("Revoke"), St.revoke_key(row["id"]), color_scheme="red")))))


@area_page("/admin/partners", "Partner keys · Community Hub", "admin", St.load,
           permission=AdminPermission.SUPER)
def admin_partners() -> rx.Component:
    return admin_shell(rx.vstack(
        page_header(t("Partner keys"), t("Read-only API keys for partners serving one community."),
                    error=St.error, notice=St.notice),
        _secret_box(), _form(),
        table_or_empty(St.keys, rx.text(t("No partner keys yet.")),
                       (t("Partner"), t("Community"), t("Key"), t("May"), t("State"), t("Last used"), ""), _row),
        call_log(St.calls, St.calls_of),
        partner_webhooks(),
        spacing="4", width="100%"))
