"""Log in. The demo accounts are listed here in demo mode only."""

import reflex as rx

from components.common import error_callout, field, page_title, submit_button
from components.i18n import N_, t
from components.shells import public_shell
from components.tab_title import public_page
from state.auth.login import LoginState
from state.shared.session import SessionState

DEMO_ACCOUNTS = [(N_("Platform admin"), "admin@demo.hub"), (N_("Property staff"), "staff@demo.hub"),
                 (N_("Merchant"), "merchant@demo.hub"), (N_("Resident"), "resident@demo.hub"),
                 (N_("Maintenance worker"), "worker@demo.hub"), (N_("Lobby kiosk"), "kiosk@demo.hub")]


def _demo_logins() -> rx.Component:
    return rx.cond(
        SessionState.demo_mode,
        rx.card(
            rx.vstack(
                rx.text(t("Demo mode: try these accounts (password demo-pass-1)"), weight="bold", size="2"),
                *[rx.hstack(rx.text(t(role), size="2", width="9em"), rx.code(email), spacing="2") for role, email in DEMO_ACCOUNTS],
                spacing="1",
            ),
            margin_top="1.5em", id="demo-logins",
        ),
    )


@public_page("/login", N_("Log in · Community Hub"), on_load=[SessionState.refresh, LoginState.prefill])
def login_page() -> rx.Component:
    return public_shell(
        page_title(t("Log in"), t("With the email address or mobile number you registered.")),
        rx.form(
            rx.vstack(
                error_callout(LoginState.error),
                rx.cond(LoginState.pending != "", rx.hstack(
                    rx.link(t("Enter your code"), href="/verify?to=" + LoginState.pending, id="login-to-verify"),
                    rx.button(t("Send a new code"), type="button", variant="soft", on_click=LoginState.resend_code,
                              disabled=LoginState.busy),
                    align="center", spacing="4", width="100%")),
                field(t("Email or mobile number"), "identifier", value=LoginState.identifier,
                      on_change=LoginState.set_identifier, auto_complete="username"),
                field(t("Password"), "password", type="password", auto_complete="current-password"),
                rx.cond(LoginState.need_unlock,
                        field(t("Unlock code (sent to the account's email or phone)"), "unlock_code",
                              auto_complete="one-time-code", input_mode="numeric", max_length=6)),
                submit_button(t("Log in"), LoginState.busy, id="login-submit"),
                rx.hstack(rx.link(t("Forgot your password?"), href="/forgot"), rx.spacer(),
                          rx.link(t("Create an account"), href="/register"), width="100%"),
                spacing="4", width="100%",
            ),
            on_submit=LoginState.submit,
            reset_on_submit=False,
        ),
        _demo_logins(),
    )
