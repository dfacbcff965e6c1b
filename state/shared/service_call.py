"""The one way a state calls a service.

    @rx.event
    @screen_event                      # busy flag, messages cleared, ServiceError -> self.error
    async def save(self, form: dict):
        order = await call(self, orders.accept, int(form["id"]))   # off the event loop
        self.notice = f"Order #{order.id} accepted."

`call` (one committed transaction) and `look` (a read: on SQLite it takes no write lock) resolve
the Actor from the browser's session token and run `fn(db, actor, *args, **kwargs)` in a worker
thread: every database query, provider request, argon2 hash and file write of a service happens
off the event loop, so one slow call never stalls the other sockets of this worker (the profile
in CAPACITY.md: synchronous ORM work was ~46 % of the loop's time). A `ServiceError` travels back
to the handler unchanged; `screen_event` turns it into the page's message.

Never trust the page: the Actor comes from the token on every call and services check it.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import reflex as rx
from sqlmodel import Session

from community_hub.accounts import auth as accounts
from community_hub.core.db import read_session, session_scope
from community_hub.core.errors import ServiceError
from community_hub.core.permissions import Actor

log = logging.getLogger("community_hub.state")

T = TypeVar("T")
TOKEN_COOKIE = "hub_session"


async def session_token(state: rx.State) -> str:
    # Imported here: session.py builds on this module (its guard reads through `look`).
    from state.shared.session import SessionState

    sess = await state.get_state(SessionState)
    return sess.token


def _in_transaction(token: str, write: bool, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
    """Runs in a worker thread: one transaction (or read), the Actor, the service."""
    scope = session_scope if write else read_session
    with scope() as db:
        return fn(db, accounts.actor_for_token(db, token), *args, **kwargs)


async def call(state: rx.State, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(db, actor, *args, **kwargs)` in one committed transaction, off the event loop."""
    token = await session_token(state)
    return await asyncio.to_thread(_in_transaction, token, True, fn, args, kwargs)


async def look(state: rx.State, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Like `call` for what only reads (a page's list): nothing is written or locked."""
    token = await session_token(state)
    return await asyncio.to_thread(_in_transaction, token, False, fn, args, kwargs)


async def off_loop(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Slow work that needs no Actor (reading an upload, hashing) in a worker thread."""
    return await asyncio.to_thread(fn, *args, **kwargs)


def actor_of(db: Session, actor: Actor) -> Actor:
    """For `look(self, actor_of)`: who is asking, e.g. to read their time zone."""
    return actor


def screen_event(fn: Callable | None = None, *, busy: bool = True, error: str = "error",
                 clear: bool = True):
    """Wrap a handler of a state that has `error`, `notice` and (with busy=True) `busy` vars.

    - busy=True: a second press while the first runs is ignored, and the page sees `busy`
      before the service runs (so buttons show it and stay disabled);
    - clear=True: the previous error and notice go when the person acts again;
    - a `ServiceError` becomes `self.<error>` (the page's error callout); anything else is a bug
      and still reaches Reflex's error handler, with `busy` reset.
    The handler may return or yield events (a redirect, a download) as before.
    """

    def wrap(handler: Callable):
        is_gen = inspect.isasyncgenfunction(handler)

        @functools.wraps(handler)
        async def wrapper(self, *args, **kwargs):
            if busy and self.busy:
                return
            if clear:
                setattr(self, error, "")
                if hasattr(self, "notice"):
                    self.notice = ""
            if busy:
                self.busy = True
                yield  # let the page show the busy state before the work starts
            try:
                if is_gen:
                    async for ev in handler(self, *args, **kwargs):
                        yield ev
                else:
                    result = await handler(self, *args, **kwargs)
                    if result is not None:
                        yield result
            except ServiceError as exc:
                setattr(self, error, exc.message)
            finally:
                if busy:
                    self.busy = False

        return wrapper

    return wrap(fn) if fn is not None else wrap


class ScreenState(rx.State, mixin=True):
    """The message and busy vars `screen_event` manages, for a state to mix in."""

    error: str = ""
    notice: str = ""
    busy: bool = False


def client_ip(state: rx.State) -> str:
    return state.router.session.client_ip or ""


# Kept only while the states move over to `call`/`look`: these run the block ON the event loop,
# so nothing new may use them (the layer test lists who still does).
@asynccontextmanager
async def acting(state: rx.State) -> AsyncIterator[tuple[Session, Actor]]:
    token = await session_token(state)
    with session_scope() as db:
        yield db, accounts.actor_for_token(db, token)


@asynccontextmanager
async def reading(state: rx.State) -> AsyncIterator[tuple[Session, Actor]]:
    token = await session_token(state)
    with read_session() as db:
        yield db, accounts.actor_for_token(db, token)
