"""The browser's session cookie, in a state of its own.

Kept apart from SessionState (who is logged in, the flash message) so that the helper every
state calls services through (service_call.py) can read the token without importing the
session screen logic that itself calls services.
"""

from __future__ import annotations

import reflex as rx

from community_hub.core.config import served_over_https

SESSION_DAYS = 14
COOKIE_NAME = "hub_session"


class SessionTokenState(rx.State):
    # same_site=strict: no other site's page can send it along with a request. Secure when the
    # public address is https (decided when the frontend is built, as `./hub run` does).
    token: str = rx.Cookie("", name=COOKIE_NAME, max_age=SESSION_DAYS * 86400, same_site="strict",
                           secure=served_over_https())


async def session_token(state: rx.State) -> str:
    return (await state.get_state(SessionTokenState)).token


async def set_session_token(state: rx.State, token: str) -> None:
    (await state.get_state(SessionTokenState)).token = token
