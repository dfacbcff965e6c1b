"""Property staff dashboard."""

import reflex as rx

from components.common import error_callout, page_title
from components.shells import property_shell
from state.dashboards import PropertyHomeState
from state.session import SessionState


def _stat(label: str, value) -> rx.Component:
    return rx.card(rx.vstack(rx.text(label, size="2", color_scheme="gray"), rx.heading(value, size="7")))


@rx.page(route="/property", title="Property · Community Hub", on_load=[SessionState.guard("property"), PropertyHomeState.load])
def property_dashboard() -> rx.Component:
    return property_shell(
        page_title("Property office", PropertyHomeState.community),
        error_callout(PropertyHomeState.error),
        rx.grid(_stat("Households", PropertyHomeState.households), _stat("Residents", PropertyHomeState.residents),
                columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%", id="property-stats"),
    )
