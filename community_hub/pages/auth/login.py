"""Log in. The demo accounts are listed here in demo mode only."""

import reflex as rx

from components.common import error_callout, field, page_title, submit_button
from components.shells import public_shell
from state.auth.login import LoginState
from state.shared.session import SessionState

DEMO_ACCOUNTS = [("Platform admin", "admin@demo.hub"), ("Property staff", "staff@demo.hub"),
                 ("Merchant", "merchant@demo.hub"), ("Resident", "resident@demo.hub"), ("Maintenance worker", "worker@demo.hub"),
                 ("Lobby kiosk", "kiosk@demo.hub")]


def _demo_logins() -> rx.Component:
    return rx.cond(
        SessionState.demo_mode,
        rx.card(
            rx.vstack(
                rx.text("Demo mode: try these accounts (password demo-pass-1)", weight="bold", size="2"),
                *[rx.hstack(rx.text(role, size="2", width="9em"), rx.code(email), spacing="2") for role, email in DEMO_ACCOUNTS],
                spacing="1",
            ),
            margin_top="1.5em", id="demo-logins",
        ),
    )


@rx.page(route="/login", title="Log in · Community Hub", on_load=[SessionState.refresh, LoginState.prefill])
def login_page() -> rx.Component:
    return public_shell(
        page_title("Log in", "With the email address or mobile number you registered."),
        rx.form(
            rx.vstack(
                error_callout(LoginState.error),
                rx.cond(LoginState.pending != "", rx.hstack(
                    rx.link("Enter your code", href="/verify?to=" + LoginState.pending, id="login-to-verify"),
                    rx.button("Send a new code", type="button", variant="soft", on_click=LoginState.resend_code,
                              disabled=LoginState.busy),
                    align="center", spacing="4", width="100%")),
                field("Email or mobile number", "identifier", value=LoginState.identifier,
                      on_change=LoginState.set_identifier, auto_complete="username"),
                field("Password", "password", type="password", auto_complete="current-password"),
                rx.cond(LoginState.need_unlock,
                        field("Unlock code (sent to the account's email or phone)", "unlock_code",
                              auto_complete="one-time-code", input_mode="numeric", max_length=6)),
                submit_button("Log in", LoginState.busy, id="login-submit"),
                rx.hstack(rx.link("Forgot your password?", href="/forgot"), rx.spacer(),
                          rx.link("Create an account", href="/register"), width="100%"),
                spacing="4", width="100%",
            ),
            on_submit=LoginState.submit,
            reset_on_submit=False,
        ),
        _demo_logins(),
    )
