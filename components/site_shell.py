"""The shell of the public site (a community's front, its channels and notices; a shop for a
visitor): the brand, the language, and for a visitor "Log in" and "Register" that come back to
this page; a member sees their name and a way home instead."""

from __future__ import annotations

import reflex as rx

from components.common import flash_banner
from components.i18n import language_switch, t
from state.shared.session import SessionState


def _top_bar(here) -> rx.Component:
    return rx.hstack(
        rx.link(rx.hstack(rx.icon("house", size=22), rx.heading("Community Hub", size="4"), align="center"),
                href=SessionState.home, underline="none", color="inherit"),
        rx.spacer(),
        language_switch(),
        rx.cond(
            SessionState.logged_in,
            rx.hstack(rx.el.div(rx.text(SessionState.user_name, size="2", trim="both"), display=["none", "block"]),
                      rx.link(t("My home"), href=SessionState.home, id="my-home"), spacing="3", align="center"),
            rx.hstack(rx.link(t("Log in"), href="/login?next=" + here, id="site-login"),
                      rx.link(t("Register"), href="/register"), spacing="3", align="center"),
        ),
        width="100%", padding="0.75em 1em", align="center", spacing="3",
        border_bottom=f"1px solid {rx.color('gray', 5)}", background=rx.color("gray", 1),
    )


def site_shell(here, *children: rx.Component) -> rx.Component:
    """`here`: the page's own path (a state var), where "Log in" comes back to."""
    return rx.box(
        _top_bar(here),
        rx.el.main(rx.box(flash_banner(), *children, padding="1em", max_width="900px", margin="0 auto",
                          padding_bottom="3em", overflow_wrap="anywhere")),
        min_height="100vh",
    )
