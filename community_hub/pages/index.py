"""The front door: what Community Hub is; members go straight on to their own home."""

import reflex as rx

from components.i18n import N_, t
from components.shells import public_shell
from components.tab_title import public_page
from state.shared.session import SessionState

WHO = [
    ("house", N_("Residents"),
     N_("Shop the merchants within a 10-minute walk, pay property fees, follow repairs, join events.")),
    ("store", N_("Merchants"), N_("Run your shop page, products, orders, delivery and payouts.")),
    ("building-2", N_("Property staff"), N_("Notices, bills and fee collection, work orders, events and polls.")),
    ("shield", N_("Platform admins"), N_("Review merchants, manage members and roles, keep the books balanced.")),
    ("monitor", N_("Lobby kiosks"), N_("Scan a member card or a pickup code, shop and pay at the terminal.")),
]


@public_page("/", N_("Community Hub"), on_load=SessionState.go_home_if_logged_in)
def index() -> rx.Component:
    return public_shell(
        rx.vstack(
            rx.heading(t("Your neighbourhood, in one place"), size="8"),
            rx.text(t("Community Hub connects a housing community, its property company and the merchants around it."),
                    size="4", color_scheme="gray"),
            *[rx.hstack(rx.icon(icon, size=24), rx.vstack(rx.text(t(title), weight="bold"), rx.text(t(text), size="2"),
                                                          spacing="0"), align="start", spacing="3")
              for icon, title, text in WHO],
            rx.hstack(rx.link(rx.button(t("Log in"), size="3"), href="/login"),
                      rx.link(rx.button(t("Create an account"), size="3", variant="outline"), href="/register")),
            spacing="4",
        )
    )
