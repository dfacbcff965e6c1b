"""How a state calls a service: one transaction, the Actor from the browser's session token.

Never trust the page: the Actor is rebuilt from the token on every call and services check it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import reflex as rx
from sqlmodel import Session

from community_hub.db import read_session, session_scope
from community_hub.services import accounts
from community_hub.services.permissions import Actor

log = logging.getLogger("community_hub.state")


async def session_token(state: rx.State) -> str:
    from state.session import SessionState

    sess = await state.get_state(SessionState)
    return sess.token


@asynccontextmanager
async def acting(state: rx.State) -> AsyncIterator[tuple[Session, Actor]]:
    """`async with acting(self) as (db, actor):` — one committed transaction."""
    token = await session_token(state)
    with session_scope() as db:
        yield db, accounts.actor_for_token(db, token)


@asynccontextmanager
async def reading(state: rx.State) -> AsyncIterator[tuple[Session, Actor]]:
    """Like `acting` for pages that only read: on SQLite it does not take the write lock."""
    token = await session_token(state)
    with read_session() as db:
        yield db, accounts.actor_for_token(db, token)


def client_ip(state: rx.State) -> str:
    return state.router.session.client_ip or ""
