"""Enter the code we sent."""

import reflex as rx

from components.common import error_callout, field, notice_callout, page_title, submit_button
from components.i18n import N_, t
from components.shells import public_shell
from components.tab_title import public_page
from state.auth.login import VerifyState
from state.shared.session import SessionState


@public_page("/verify", N_("Enter your code · Community Hub"), on_load=[SessionState.refresh, VerifyState.load])
def verify_page() -> rx.Component:
    return public_shell(
        page_title(t("Enter your code")),
        rx.text(t("We sent a 6-digit code to "), rx.text.strong(VerifyState.destination),
                t(". It works for 10 minutes and 5 tries."), margin_bottom="1em"),
        rx.cond(
            SessionState.demo_mode & (VerifyState.demo_message != ""),
            rx.callout(rx.vstack(rx.text(t("Demo mode — there is no mail server, so here is the message we sent:"),
                                         weight="bold"),
                                 rx.text(VerifyState.demo_message, white_space="pre-wrap", id="demo-message")),
                       icon="flask-conical", color_scheme="amber", width="100%", margin_bottom="1em",
                       id="demo-code-box"),
        ),
        rx.form(
            rx.vstack(
                error_callout(VerifyState.error),
                notice_callout(VerifyState.notice),
                rx.input(type="hidden", name="identifier", value=VerifyState.destination),
                field(t("Code"), "code", placeholder="123456", input_mode="numeric", max_length=6,
                      auto_complete="one-time-code"),
                submit_button(t("Confirm"), VerifyState.busy, id="verify-submit"),
                rx.button(t("Send a new code"), type="button", variant="ghost", on_click=VerifyState.resend),
                spacing="4", width="100%",
            ),
            on_submit=VerifyState.submit,
            reset_on_submit=True,
        ),
    )
