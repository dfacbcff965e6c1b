"""Agents (who bring merchants to the platform) land here."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_title
from components.i18n import t
from components.shells import agent_shell
from state.shared.session import SessionState


@area_page("/agent", "Agent · Community Hub", "agent")
def agent_home() -> rx.Component:
    return agent_shell(
        page_title(t("Agent home"), SessionState.user_name),
        empty_state("handshake", t("Referrals open soon"),
                    t("Merchants you bring in and your commissions will be listed here.")),
    )
