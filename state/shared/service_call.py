"""The one way a state calls a service.

    @rx.event
    @screen_event                      # busy flag, messages cleared, ServiceError -> self.error
    async def save(self, form: dict):
        order = await call(self, orders.accept, int(form["id"]))   # off the event loop
        self.notice = await in_language(self, phrase("Order #{id} accepted.", id=order.id))

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
import contextlib
import functools
import inspect
import logging
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import reflex as rx

from community_hub.accounts.acting import HeldRead, run_as
from community_hub.core.errors import ContinueElsewhere, ServiceError
from community_hub.core.i18n import phrase, set_reader
from community_hub.core.outage import READ_RETRY_DELAYS, ActionNotDone, RecordsAway, is_unreachable
from community_hub.core.permissions import Actor
from community_hub.service_threads import service_threads
from state.shared import router_raw
from state.shared.language import LanguageState, in_language
from state.shared.service_pool import ServicePool
from state.shared.session_token import session_token

log = logging.getLogger("community_hub.state")

T = TypeVar("T")

# Shows the banner at once (assets/records_away.js; it then asks /ready until the database is back).
SHOW_RECORDS_AWAY = "window.hubRecordsAway && window.hubRecordsAway()"

# What reading a forged call's arguments raises (a form without the field, text that is not a
# number, a row without its key, a step taken without the one before it): the page's message, one
# log line, nothing changed (a service's transaction rolls back). The shapes are checked before
# any handler runs (call_guard.CallGuard); these are what a shape cannot tell.
NOT_UNDERSTOOD = phrase("That request could not be understood, so nothing was changed. Reload the page and try again.")
UNREADABLE_CALL = (KeyError, IndexError, ValueError, TypeError, AttributeError, ArithmeticError)


# The threads services run in: a few per worker, not asyncio's default of cores + 4
# (community_hub/service_threads.py has the measurements); one hop each way per service call
# (state/shared/service_pool.py). It outlives an event loop, so an event cancelled with its loop may
# leave a service running there: `settled` waits it out.
_pool = ServicePool(service_threads(), "hub-service")


def _submit(fn: Callable[..., Any], *args: Any) -> None:
    """`fn(*args)` in the service pool, with this event's context; nobody waits for it."""
    _pool.submit(fn, *args)


async def _off(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in the service pool, with this event's context (as asyncio.to_thread), awaited."""
    return await _pool.run(fn, *args)


def settled(timeout: float = 30.0) -> bool:
    """Wait until no service is running in the pool (at most `timeout` s); whether none is. For
    whoever replaces or closes the database under the app: a test putting it back, a worker stopping."""
    return _pool.settled(timeout)


# The read transaction a page opening shares among its reads (one_read); each event is a task of
# its own, so it never reaches another event.
_held: ContextVar[HeldRead | None] = ContextVar("hub_held_read", default=None)


@contextlib.asynccontextmanager
async def one_read(state: rx.State) -> AsyncIterator[None]:
    """Every `look` of this block (one page opening: its guard and its loads) reads in one
    transaction with one session check, instead of one each (docs/PROFILE.md). A `call` in the
    block writes in its own transaction as always, and the reads after it open their own (so
    they see what it wrote). The transaction opens in the first look's hop and closes in the pool
    after the block, unawaited: the opening waits for neither."""
    held = HeldRead(await session_token(state))
    mark = _held.set(held)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):  # a generator closed from another context (cancelled)
            _held.reset(mark)
        _submit(held.close)


async def call(state: rx.State, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(db, actor, *args, **kwargs)` in one committed transaction, off the event loop."""
    if (held := _held.get()) is not None:
        held.usable = False  # the reads after this write see it in a transaction of their own
    token = await session_token(state)
    client = router_raw.tab_token(state) or ""
    lang = await _page_language(state)
    try:
        return await _off(run_as, token, True, fn, args, kwargs, client, lang)
    except Exception as exc:
        if is_unreachable(exc):  # never tried again: it may have reached the database; not committed
            raise ActionNotDone() from exc
        raise


async def look(state: rx.State, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Like `call` for what only reads (a page's list): nothing is written or locked."""
    token = await session_token(state)
    lang = await _page_language(state)
    held = _held.get()
    if held is not None and held.usable and held.token == token:
        try:
            return await _off(held.run, fn, args, kwargs, lang)
        except ServiceError:
            raise
        except Exception as exc:
            held.usable = False
            if not is_unreachable(exc):
                raise
            # the database went away mid-opening: tried again on its own, as any read
    return await _read(run_as, token, False, fn, args, kwargs, "", lang)


async def _read(*job: Any) -> Any:
    """A read off the loop, tried again after READ_RETRY_DELAYS while the database cannot be
    reached (a restart, a blip); then RecordsAway (the page's banner, core/outage.py)."""
    for delay in (*READ_RETRY_DELAYS, None):
        try:
            return await _off(*job)
        except Exception as exc:
            if not is_unreachable(exc):
                raise
            if delay is None:
                raise RecordsAway() from exc
        await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # the loop returns or raises


async def _page_language(state: rx.State) -> str:
    """The language this page is read in: the dates and amounts a service writes follow it, and
    so do those the handler itself writes after its first call or look (state/property/common.when,
    money): set for the rest of this event only, since Reflex runs each event as a task of its own
    (a context of its own), so no other event or browser sees it."""
    lang = (await state.get_state(LanguageState)).lang
    set_reader(lang)
    return lang


async def look_as(token: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`look` for a background watcher: the token was read once under the state lock, and the
    read runs without holding it (so the page stays responsive while the watcher polls). Its
    dates and amounts follow the account's language (the page's is not read outside the lock)."""
    return await _read(run_as, token, False, fn, args, kwargs)


async def off_loop(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Slow work that needs no Actor (reading an upload, hashing) in a worker thread."""
    return await _off(functools.partial(fn, *args, **kwargs))


def actor_of(db: Any, actor: Actor) -> Actor:
    """For `look(self, actor_of)`: who is asking, e.g. to read their time zone."""
    return actor


def screen_event(fn: Callable | None = None, *, busy: bool = True, error: str = "error",
                 clear: bool = True):
    """Wrap a handler of a state that has `error`, `notice` and (with busy=True) `busy` vars.

    - busy=True: a second press while the first runs is ignored, and the page sees `busy`
      before the service runs (so buttons show it and stay disabled);
    - clear=True: the previous error and notice go when the person acts again;
    - the database away (core/outage.py): the banner shows, and an action's "not done, nothing
      changed" becomes `self.<error>`;
    - `ContinueElsewhere` (the action goes on at another page) becomes a redirect there;
    - a `ServiceError` becomes `self.<error>` (the page's error callout); so does an argument the
      handler could not read (UNREADABLE_CALL: a forged call), with one line in the log; anything
      else is a bug and still reaches Reflex's error handler, with `busy` reset.
    The handler may return or yield events (a redirect, a download) as before.
    """

    def wrap(handler: Callable):
        is_gen = inspect.isasyncgenfunction(handler)

        @functools.wraps(handler)
        async def wrapper(self, *args, **kwargs):
            if busy and self.busy:
                return
            if clear:  # only what shows: Reflex sends every var assigned, even to the same value
                if getattr(self, error):
                    setattr(self, error, "")
                if getattr(self, "notice", ""):
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
            except RecordsAway as exc:  # the database is away: the banner says so on every page
                if isinstance(exc, ActionNotDone):  # and what was not done says so here
                    setattr(self, error, await in_language(self, exc.message))
                yield rx.call_script(SHOW_RECORDS_AWAY)
            except ContinueElsewhere as exc:  # e.g. a card payment goes on at the provider's page
                yield rx.redirect(exc.path)
            except ServiceError as exc:
                setattr(self, error, await in_language(self, exc.message))  # in the reader's language
            except UNREADABLE_CALL as exc:
                log.warning("%s could not read its call: %s: %s", handler.__qualname__, type(exc).__name__,
                            str(exc)[:200])
                setattr(self, error, await in_language(self, NOT_UNDERSTOOD))
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


def row_id(text: Any, refusal: str = phrase("That is not on this page any more. Reload the page.")) -> int:
    """An id the page sent back (a row's button, a form's hidden field). Anyone with the socket can
    send anything: what is not a whole number is refused with a message (`refusal`, which a screen
    may word for its rows), never a crash."""
    if not str(text).isdigit():
        raise ServiceError(refusal)
    return int(str(text))


def client_ip(state: rx.State) -> str:
    return router_raw.client_ip(state) or ""
