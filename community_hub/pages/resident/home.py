"""The resident's home, and the screens of the resident shell still to come."""

import reflex as rx

from components.common import empty_state, error_callout, page_title
from components.shells import resident_shell
from state.dashboards import ResidentHomeState
from state.session import SessionState


@rx.page(route="/home", title="Home · Community Hub", on_load=[SessionState.guard("resident"), ResidentHomeState.load])
def resident_home() -> rx.Component:
    return resident_shell(
        page_title(rx.text("Hello, ", SessionState.user_name), ResidentHomeState.community),
        error_callout(ResidentHomeState.error),
        rx.cond(ResidentHomeState.household != "",
                rx.text("Your home: ", rx.text.strong(ResidentHomeState.household), id="household"),
                rx.callout("You are not linked to a household yet: ask your property office to add you.",
                           icon="info")),
        rx.grid(
            rx.link(rx.card(rx.hstack(rx.icon("store"), rx.text("Shop nearby", weight="bold")), rx.text(
                "Merchants within a 10-minute walk.", size="2")), href="/shop", underline="none"),
            rx.link(rx.card(rx.hstack(rx.icon("package"), rx.text("Your orders", weight="bold")), rx.text(
                "Follow deliveries and pick-ups.", size="2")), href="/orders", underline="none"),
            rx.link(rx.card(rx.hstack(rx.icon("bell"), rx.text("Inbox", weight="bold")), rx.text(
                "Notices and updates.", size="2")), href="/inbox", underline="none"),
            columns=rx.breakpoints(initial="1", sm="3"), spacing="3", margin_top="1em", width="100%",
            id="resident-home",
        ),
    )


@rx.page(route="/shop", title="Shop · Community Hub", on_load=SessionState.guard("resident"))
def resident_shop() -> rx.Component:
    return resident_shell(
        page_title("Shop nearby"),
        empty_state("store", "The marketplace opens soon",
                    "Merchants within a 10-minute walk of your community will be listed here."),
    )


@rx.page(route="/orders", title="Orders · Community Hub", on_load=SessionState.guard("resident"))
def resident_orders() -> rx.Component:
    return resident_shell(
        page_title("Your orders"),
        empty_state("package", "No orders yet", "When you order from a shop nearby, you can follow it here."),
    )
