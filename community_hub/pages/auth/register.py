"""Create an account; a code is sent before it becomes active."""

import reflex as rx

from components.common import error_callout, field, form_label, page_title, submit_button
from components.i18n import N_, t, tf
from components.shells import public_shell
from components.tab_title import public_page
from state.auth.login import RegisterState
from state.shared.session import SessionState


def _document(doc) -> rx.Component:
    return rx.el.details(
        rx.el.summary(rx.text.span(doc["title"], weight="medium"), " ",
                      rx.text.span(tf("(version {version})", version=doc["version"]), size="1", color_scheme="gray")),
        rx.box(rx.markdown(doc["body"]), max_height="16em", overflow_y="auto", padding="0.5em",
               border=f"1px solid {rx.color('gray', 5)}", border_radius="6px"),
        width="100%",
    )


def _terms() -> rx.Component:
    """The current registration agreement and platform rules, and the box that accepts them (a
    native checkbox: posted with the form, and its label is a real <label for>)."""
    return rx.vstack(
        rx.foreach(RegisterState.documents, _document),
        rx.hstack(
            rx.el.input(type="checkbox", id="agree", name="agree", style={"width": "1.2em", "height": "1.2em"}),
            form_label(t("I have read and accept the registration agreement and the platform rules"), html_for="agree"),
            align="center", spacing="2"),
        spacing="2", width="100%", id="terms")


@public_page("/register", N_("Create an account · Community Hub"), on_load=[SessionState.refresh, RegisterState.load])
def register_page() -> rx.Component:
    return public_shell(
        page_title(t("Create an account"), t("We send a 6-digit code to your email or phone to confirm it is yours.")),
        rx.form(
            rx.vstack(
                error_callout(RegisterState.error),
                field(t("Your name"), "display_name", auto_complete="name"),
                field(t("Email or mobile number"), "identifier", auto_complete="username"),
                field(t("Password"), "password", type="password", auto_complete="new-password", hint=RegisterState.password_rule),
                field(t("Password again"), "password2", type="password", auto_complete="new-password"),
                rx.vstack(
                    form_label(t("Community"), html_for="community"),
                    # A native select: keyboard and screen-reader friendly, and posted with the form.
                    rx.el.select(
                        rx.el.option(t("Choose your community"), value=""),
                        rx.foreach(RegisterState.communities, lambda c: rx.el.option(c["name"], value=c["slug"])),
                        id="community", name="community", required=True,
                        style={"width": "100%", "padding": "0.6em", "border_radius": "6px",
                               "border": f"1px solid {rx.color('gray', 7)}", "font_size": "1em"},
                    ),
                    spacing="1", width="100%",
                ),
                rx.text(t("You join your household after signing in: with the invitation code on its bill "
                          "statement, a code from someone who lives there, or by asking property staff."),
                        size="2", color_scheme="gray"),
                field(t("Referral code (optional)"), "ref", required=False, default_value=RegisterState.ref,
                      key=RegisterState.ref, auto_complete="off",
                      hint=t("The code of the neighbour or agent who invited you. It links your account to "
                             "them for good.")),
                rx.cond(RegisterState.documents.length() > 0, _terms()),
                submit_button(t("Create account"), RegisterState.busy, id="register-submit"),
                rx.link(t("Already registered? Log in"), href="/login"),
                spacing="4", width="100%",
            ),
            on_submit=RegisterState.submit,
            reset_on_submit=False,
        ),
    )
