"""Property staff: cardholder groups of their communities and a message to one."""

import reflex as rx

from components.area_page import area_page
from components.cardholder_groups import groups_section, message_dialog
from components.cards_admin import select_input
from components.common import empty_state, page_header
from components.i18n import t
from components.shells import property_shell
from state.property.membership_groups import PropertyCardholderGroupsState as St


@area_page("/property/cardholder-groups", "Cardholder groups · Community Hub", "property", St.load)
def property_cardholder_groups() -> rx.Component:
    return property_shell(
        page_header(t("Cardholder groups"), t("Members of your communities who hold a membership card, grouped by "
                                               "region; write to a group."), error=St.error, notice=St.notice),
        rx.cond(St.programme_options.length() == 0,
                empty_state("id-card", t("No card programme is open"),
                            t("Once the platform opens a membership programme, its cardholders appear here.")),
                rx.vstack(
                    rx.box(select_input(t("Programme"), "groups-programme", St.choice, St.choose,
                                        St.programme_options), max_width="24em", width="100%"),
                    rx.callout(St.rule, icon="list-ordered", width="100%"),
                    groups_section(St, t("None of your communities' members holds a card of this programme yet.")),
                    spacing="4", width="100%")),
        message_dialog(St),
    )
