"""The resident's home (the shopping screens live in shop.py, orders.py and their neighbours)."""

import reflex as rx

from components.common import error_callout, page_title
from components.household_card import household_card
from components.shells import resident_shell
from state.resident.household import HouseholdState
from state.shared.dashboards import ResidentHomeState
from state.shared.session import SessionState


@rx.page(route="/home", title="Home · Community Hub", on_load=[SessionState.guard("resident"), ResidentHomeState.load,
                                                                      HouseholdState.load])
def resident_home() -> rx.Component:
    return resident_shell(
        page_title(rx.text("Hello, ", SessionState.user_name), ResidentHomeState.community),
        error_callout(ResidentHomeState.error),
        household_card(),
        rx.grid(
            rx.link(rx.card(rx.hstack(rx.icon("store"), rx.text("Shop nearby", weight="bold")), rx.text(
                "Merchants within a 10-minute walk.", size="2")), href="/shop", underline="none"),
            rx.link(rx.card(rx.hstack(rx.icon("package"), rx.text("Your orders", weight="bold")), rx.text(
                "Follow deliveries and pick-ups.", size="2")), href="/orders", underline="none"),
            rx.link(rx.card(rx.hstack(rx.icon("bell"), rx.text("Inbox", weight="bold")), rx.text(
                "Notices and updates.", size="2")), href="/inbox", underline="none"),
            rx.link(rx.card(rx.hstack(rx.icon("id-card"), rx.text("Member card", weight="bold")), rx.text(
                "Show it at the lobby kiosk to log in.", size="2")), href="/me/card", underline="none",
                    id="home-member-card"),
            columns=rx.breakpoints(initial="1", sm="2", md="4"), spacing="3", margin_top="1em", width="100%",
            id="resident-home",
        ),
    )
