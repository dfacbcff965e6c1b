"""Agents (who bring merchants to the platform) land here."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_title
from components.shells import agent_shell
from state.shared.session import SessionState


@area_page("/agent", "Agent · Community Hub", "agent")
def agent_home() -> rx.Component:
    return agent_shell(
        page_title("Agent home", SessionState.user_name),
        empty_state("handshake", "Referrals open soon", "Merchants you bring in and your commissions will be listed here."),
    )
