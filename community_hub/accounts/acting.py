"""Run a service as the person a session token belongs to, in its own transaction.

The browser states call this from a worker thread (state/shared/service_call.py): the token is
resolved to an Actor inside the same transaction the service runs in, so a session ended a moment
ago is never honoured, and nothing of the database is reached from the event loop.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlmodel import Session

from community_hub.accounts import action_limits
from community_hub.accounts.auth import actor_for_token
from community_hub.accounts.sessions import actor_for_read
from community_hub.core.db import engine, read_session, session_scope
from community_hub.core.i18n import set_reader
from community_hub.core.permissions import Actor
from community_hub.service_threads import service_threads

T = TypeVar("T")


def run_as(token: str, write: bool, fn: Callable[..., T], args: tuple, kwargs: dict[str, Any],
           client: str = "", lang: str = "") -> T:
    """`fn(db, actor, *args, **kwargs)`: committed when `write`, else a read that locks nothing.
    A write counts against the session's (or client's) ceiling first (action_limits).
    Dates and money the service writes follow `lang`, the page's language (else the account's):
    this runs in a copy of the event's context (service_call._off), so the setting ends with it."""
    if write:
        action_limits.check_action(token, client)
    with opened_as(token, write) as (db, actor):
        set_reader(lang or actor.language)
        return fn(db, actor, *args, **kwargs)


@contextmanager
def opened_as(token: str, write: bool) -> Iterator[tuple[Session, Actor]]:
    scope = session_scope if write else read_session
    with scope() as db:
        yield db, (actor_for_token if write else actor_for_read)(db, token)


# A held read keeps its connection while its event awaits between reads. If every pooled
# connection were held so, the worker threads that would finish those events could not get one,
# and the whole process would wait for the pool's 30 s timeout, again and again: the load bench
# saw it with 25 tabs opening pages at once. So at most `held_read_slots()` openings share a read
# at a time, leaving a connection for every worker thread (twice over, for a service that opens a
# second session) and the background jobs; the others read one transaction per read, as before.
# The threads that may each use connections: the pages' service pool (service_threads) and
# asyncio's default pool, where the REST API and the background jobs run.
_EXECUTOR_THREADS = service_threads() + min(32, (os.cpu_count() or 1) + 4)
_JOB_THREADS = 4  # outbox, webhooks, housekeeping and one spare
_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def held_read_slots(pool: Any) -> int:
    """How many page openings of this process may each hold one of `pool`'s connections."""
    size, overflow = getattr(pool, "size", None), getattr(pool, "_max_overflow", None)
    if not callable(size) or not isinstance(overflow, int) or overflow < 0:
        return 0  # a pool without a known bound (one connection per thread, or a static one)
    return max(0, size() + overflow - 2 * _EXECUTOR_THREADS - _JOB_THREADS)


def _slot_for(pool: Any) -> threading.BoundedSemaphore:
    with _slots_lock:
        if id(pool) not in _slots:
            _slots[id(pool)] = threading.BoundedSemaphore(max(1, held_read_slots(pool)))
            if held_read_slots(pool) == 0:
                _slots[id(pool)].acquire()  # none to give: every try fails
        return _slots[id(pool)]


class HeldRead:
    """One read transaction and the Actor checked in it, kept open across the reads of one page
    opening (state/shared/service_call.one_read): a page's guard and its loads used to open a
    transaction and check the session each. Used and closed from worker threads, one at a time.
    It opens in its first read's thread hop and is closed without the event waiting for it, so an
    opening pays no hop of its own for either (docs/PROFILE.md, sixteenth round). A read that fails
    with anything but a ServiceError retires it (`usable` false): the reads after it open their own
    transactions as before. When the process already holds as many as its pool allows, the first
    read runs in a transaction of its own and retires it."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.usable = True
        self._slot: threading.BoundedSemaphore | None = None
        self._scope: Any = None
        self.db: Session | None = None
        self.actor: Actor | None = None

    def _open(self) -> bool:
        slot = _slot_for(engine().pool)
        if not slot.acquire(blocking=False):
            return False
        self._slot = slot
        try:
            self._scope = read_session()
            self.db = self._scope.__enter__()
            self.actor = actor_for_read(self.db, self.token)
        except BaseException:
            self.close()
            raise
        return True

    def run(self, fn: Callable[..., T], args: tuple, kwargs: dict[str, Any], lang: str = "") -> T:
        if self.db is None and not self._open():
            self.usable = False  # no connection to spare: this read and those after it, each on its own
            return run_as(self.token, False, fn, args, kwargs, "", lang)
        assert self.actor is not None
        set_reader(lang or self.actor.language)
        return fn(self.db, self.actor, *args, **kwargs)

    def close(self) -> None:
        scope, self._scope, self.db = self._scope, None, None
        try:
            if scope is not None:
                scope.__exit__(None, None, None)
        finally:
            if self._slot is not None:
                self._slot.release()
                self._slot = None
