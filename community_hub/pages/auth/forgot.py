"""Forgotten password: a code to the address, then a new password."""

import reflex as rx

from components.common import (
    field,
    page_header,
    submit_button,
)
from components.i18n import N_, t
from components.shells import public_shell
from components.tab_title import public_page
from state.auth.login import ForgotState
from state.shared.session import SessionState


@public_page("/forgot", N_("Reset your password · Community Hub"), on_load=[SessionState.refresh, ForgotState.load])
def forgot_page() -> rx.Component:
    return public_shell(
        page_header(t("Reset your password"), error=ForgotState.error, notice=ForgotState.notice),
        rx.cond(
            ForgotState.step == "ask",
            rx.form(
                rx.vstack(
                    field(t("Email or mobile number"), "identifier", auto_complete="username"),
                    rx.button(t("Send me a code"), type="submit", size="3", width="100%"),
                    spacing="4", width="100%",
                ),
                on_submit=ForgotState.ask,
            ),
            rx.form(
                rx.vstack(
                    field(t("Code"), "code", input_mode="numeric", max_length=6, auto_complete="one-time-code"),
                    field(t("New password"), "password", type="password", auto_complete="new-password"),
                    submit_button(t("Set new password"), ForgotState.busy),
                    spacing="4", width="100%",
                ),
                on_submit=ForgotState.set_new_password,
            ),
        ),
        rx.link(t("Back to log in"), href="/login", margin_top="1em", display="block"),
    )
