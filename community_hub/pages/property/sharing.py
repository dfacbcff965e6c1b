"""/property/sharing: how many parking slots residents share (a number, never who rents whose)."""

import reflex as rx

from components.area_page import area_page
from components.common import page_header
from components.i18n import t
from components.shells import property_shell
from state.property.sharing_count import PropertySharingState as S


@area_page("/property/sharing", "Sharing · Property · Community Hub", "property", S.load)
def property_sharing() -> rx.Component:
    return property_shell(
        page_header(t("Neighbour sharing"), t("Residents rent idle parking slots to each other by the hour."),
                    error=S.error),
        rx.card(rx.vstack(rx.text(t("Parking slots shared now"), size="2", color_scheme="gray"),
                          rx.heading(S.slots, size="8", id="shared-slot-count"), spacing="1"), max_width="20em"),
        rx.text(t("Who rents whose slot stays between the neighbours: only the number is shown here."),
                size="2", color_scheme="gray"),
    )
