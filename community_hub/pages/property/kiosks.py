"""Staff: the community's lobby kiosks — register (its login and bridge pairing shown once), revoke."""

import reflex as rx

from components.area_page import area_page
from components.common import confirm_button, empty_state, error_callout, form_label, page_header
from components.dialogs import state_dialog
from components.i18n import pt, t, tf
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.kiosks import PropertyKiosksState as S


def _new_form() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(t("Register a kiosk")),
        rx.form(rx.vstack(
            rx.vstack(form_label(t("Kiosk name"), html_for="kiosk-name"),
                      rx.input(id="kiosk-name", name="name", max_length=80, required=True, width="100%",
                               placeholder=t("Lobby, north door")), spacing="1", width="100%"),
            rx.vstack(form_label(t("Bridge address"), html_for="kiosk-bridge"),
                      rx.input(id="kiosk-bridge", name="bridge_url", max_length=200, width="100%",
                               default_value=S.default_url),
                      rx.text(t("Where the kiosk's hardware bridge listens, seen from the kiosk's browser."), size="1",
                              color_scheme="gray"), spacing="1", width="100%"),
            error_callout(S.form_error),
            rx.hstack(rx.button(t("Cancel"), type="button", variant="soft", on_click=S.close_form),
                      rx.button(t("Register kiosk"), type="submit", disabled=S.busy), justify="end", width="100%"),
            spacing="3", width="100%"), on_submit=S.register, reset_on_submit=False),
        max_width="520px"), open=S.form_open, on_open_change=lambda _o: S.close_form)


def _secret_line(label, key: str) -> rx.Component:
    return rx.vstack(rx.text(label, size="2", weight="medium"),
                     rx.code(S.shown[key], id=f"shown-{key}", word_break="break-all"), spacing="1", width="100%")


def _shown_once() -> rx.Component:
    return state_dialog(
        tf("Kiosk {name} registered", name=S.shown["name"]),
        rx.callout(t("Write these down now: the password, token and secret are shown only this once. Registering the "
                     "kiosk again gives new ones."), icon="triangle-alert", color_scheme="orange", margin_bottom="1em"),
        rx.vstack(
            _secret_line(t("Kiosk code"), "code"),
            _secret_line(t("Kiosk login"), "login"),
            _secret_line(t("Kiosk password"), "password"),
            _secret_line(t("Bridge address"), "url"),
            _secret_line(t("Pairing token"), "token"),
            _secret_line(t("Pairing secret"), "secret"),
            _secret_line(t("Start the bridge on the kiosk with"), "bridge"),
            spacing="3", width="100%"),
        is_open=S.shown.contains("code"), on_cancel=S.forget_shown, cancel_label=t("I wrote them down"),
        action=rx.fragment(), max_width="640px",
    )


def _row(k: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(k["name"]), rx.table.cell(rx.code(k["code"])), rx.table.cell(k["login"]),
        rx.table.cell(k["url"]),
        rx.table.cell(rx.cond(k["active"] != "", rx.badge(t("active"), color_scheme="green"),
                              rx.badge(t("revoked"), color_scheme="gray"))),
        rx.table.cell(rx.cond(k["active"] != "", confirm_button(
            rx.button(t("Revoke"), size="1", variant="soft", color_scheme="red", disabled=S.busy,
                      aria_label=tf("Revoke {name}", name=k["name"])),
            tf("Revoke kiosk {name}?", name=k["name"]),
            t("It is logged out at once and its bridge's readings no longer count. This cannot be undone: register "
              "it again to bring it back."),
            t("Yes, revoke"), S.revoke(k["id"]), color_scheme="red"))),
        class_name="kiosk-row",
    )


@area_page("/property/kiosks", "Kiosks · Property · Community Hub", "property", S.load)
def property_kiosks() -> rx.Component:
    return property_shell(
        page_header(t("Lobby kiosks"), t("Register a kiosk to get its login and the pairing its hardware bridge needs."),
                    error=S.error, notice=S.notice,
                    action=rx.button(rx.icon("plus", size=16), t("Register a kiosk"), on_click=S.open_form)),
        table_or_empty(S.rows, empty_state("monitor-smartphone", t("No kiosks yet"),
                                           t("Register the lobby kiosk to sell, hand over orders and log members in "
                                             "by card.")),
                       (pt("thing", "Name"), t("Kiosk code"), t("Login"), t("Bridge address"), t("Status"), ""), _row,
                       id="kiosks"),
        _new_form(),
        _shown_once(),
    )
