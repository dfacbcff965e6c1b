"""Run a service as the person a session token belongs to, in its own transaction.

The browser states call this from a worker thread (state/shared/service_call.py): the token is
resolved to an Actor inside the same transaction the service runs in, so a session ended a moment
ago is never honoured, and nothing of the database is reached from the event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlmodel import Session

from community_hub.accounts import action_limits
from community_hub.accounts.auth import actor_for_token
from community_hub.core.db import read_session, session_scope
from community_hub.core.i18n import set_reader
from community_hub.core.permissions import Actor

T = TypeVar("T")


def run_as(token: str, write: bool, fn: Callable[..., T], args: tuple, kwargs: dict[str, Any],
           client: str = "", lang: str = "") -> T:
    """`fn(db, actor, *args, **kwargs)`: committed when `write`, else a read that locks nothing.
    A write counts against the session's (or client's) ceiling first (action_limits).
    Dates and money the service writes follow `lang`, the page's language (else the account's):
    this runs in a thread of its own context (asyncio.to_thread), so the setting ends with it."""
    if write:
        action_limits.check_action(token, client)
    with opened_as(token, write) as (db, actor):
        set_reader(lang or actor.language)
        return fn(db, actor, *args, **kwargs)


@contextmanager
def opened_as(token: str, write: bool) -> Iterator[tuple[Session, Actor]]:
    scope = session_scope if write else read_session
    with scope() as db:
        yield db, actor_for_token(db, token)


class HeldRead:
    """One read transaction and the Actor checked in it, kept open across the reads of one page
    opening (state/shared/service_call.one_read): a page's guard and its loads used to open a
    transaction and check the session each. Made, used and closed from worker threads, one at a
    time. A read that fails with anything but a ServiceError retires it (`usable` false): the
    reads after it open their own transactions as before."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.usable = True
        self._scope = read_session()
        self.db = self._scope.__enter__()
        try:
            self.actor = actor_for_token(self.db, token)
        except BaseException:
            self._scope.__exit__(None, None, None)
            raise

    def run(self, fn: Callable[..., T], args: tuple, kwargs: dict[str, Any], lang: str = "") -> T:
        set_reader(lang or self.actor.language)
        return fn(self.db, self.actor, *args, **kwargs)

    def close(self) -> None:
        self._scope.__exit__(None, None, None)
