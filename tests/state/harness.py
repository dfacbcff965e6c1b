"""Reflex event handlers run in process, through Reflex's own event processor.

A `Browser` is one client (one token) of an in-memory state manager: `send(handler, payload)`
goes through `BaseStateEventProcessor` exactly as an event from the socket would (payload
conversion by type hints, `rx.event` wrappers, chained events, background tasks, deltas), and
everything the server would have pushed to that browser is kept in `received`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import inspect
import io
import types
import typing
import uuid
from collections.abc import Iterator
from pathlib import Path

from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.token import BaseStateToken
from reflex.state import BaseState, State
from reflex_base.event import Event, EventHandler
from reflex_base.event.processor import BaseStateEventProcessor
from reflex_base.utils.format import format_event_handler
from reflex_components_core.core._upload import UploadFile

from tests.images import picture

ORIGIN = "http://localhost:3000"


def app_states() -> list[type[BaseState]]:
    """Every state class of the app (those defined under the top-level `state` package)."""
    import community_hub.app  # noqa: F401  (imports every page, so every state class exists)

    def walk(cls: type[BaseState]) -> Iterator[type[BaseState]]:
        for sub in sorted(cls.get_substates(), key=lambda c: c.get_full_name()):
            yield sub
            yield from walk(sub)

    return [cls for cls in walk(State) if cls.__module__.split(".")[0] == "state"]


# A real picture, as an upload would be (uploads are decoded, so magic bytes alone do not pass).
PNG = picture("png", size=(1, 1))


class AnyForm(dict):
    """A form that answers `value` for any field it is asked for (as a browser could send)."""

    def __init__(self, value: str):
        super().__init__(id=value)
        self.value = value

    def __missing__(self, key):
        return self.value

    def get(self, key, default=None):
        if isinstance(key, str) and key.startswith("_"):
            return super().get(key, default)
        return self[key]


def _value(hint, fid: int):
    origin = typing.get_origin(hint)
    if hint is bool:
        return True
    if hint is int:
        return fid
    if hint is float:
        return float(fid)
    if hint is str or hint is typing.Any or hint is inspect.Parameter.empty:
        return str(fid)
    if hint is dict or origin is dict:
        return AnyForm(str(fid))
    if origin is list or hint is list:
        (item,) = typing.get_args(hint) or (str,)
        if item is UploadFile or getattr(item, "__name__", "") == "UploadFile":
            return [UploadFile(file=io.BytesIO(PNG), path=Path("photo.png"), size=len(PNG))]
        return [_value(item, fid)]
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _value(args[0], fid) if args else None
    if dataclasses.is_dataclass(hint):
        return {f.name: _value(f.type if not isinstance(f.type, str) else str, fid)
                for f in dataclasses.fields(hint) if f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING}
    return str(fid)


def payload_for(handler: EventHandler, fid: int) -> dict:
    """Arguments for every parameter of the handler, built around the id `fid`: an int is the
    id, a str the id as text, a dict answers the id as text for any key, a bool is True, a list
    of uploads one small PNG."""
    fn = handler.fn
    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # noqa: BLE001 - an unresolvable hint: treat as untyped
        hints = {}
    params = list(inspect.signature(fn).parameters.values())[1:]
    return {p.name: _value(hints.get(p.name, p.annotation), fid) for p in params
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}


def handler_name(cls: type[BaseState], name: str) -> str:
    return f"{cls.__module__}.{cls.__name__}.{name}"


class _Pipe:
    """Stands in for the socket: keeps what the server emits, per client token."""

    def __init__(self) -> None:
        self.received: dict[str, list] = {}

    async def emit_update(self, update, token: str) -> None:
        self.received.setdefault(token, []).append(update)


class Server:
    """One event processor and in-memory state manager; use as `async with Server() as s`."""

    def __init__(self) -> None:
        import community_hub.app as hub

        self.states = StateManagerMemory()
        self.pipe = _Pipe()
        self.processor = BaseStateEventProcessor(middleware=hub.app,
                                                 backend_exception_handler=hub.app.backend_exception_handler)
        self.processor.configure(state_manager=self.states, event_namespace=self.pipe)

    async def __aenter__(self) -> Server:
        await self.processor.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.processor.stop()

    async def browser(self, session_token: str = "", path: str = "/") -> Browser:
        b = Browser(self, f"client-{uuid.uuid4().hex[:12]}")
        await b.open(path, session_token)
        return b


class Browser:
    def __init__(self, server: Server, token: str) -> None:
        self.server, self.token = server, token
        self.router_data: dict = {}

    @property
    def received(self) -> list:
        return self.server.pipe.received.get(self.token, [])

    def _route(self, path: str) -> dict:
        return {"pathname": path, "asPath": path, "query": {}, "token": self.token, "sid": f"sid-{self.token}",
                "headers": {"origin": ORIGIN, "host": "localhost:3000"}, "ip": "203.0.113.7"}

    @contextlib.asynccontextmanager
    async def root(self):
        """The client's whole state tree, locked, for arranging or reading vars."""
        async with self.server.states.modify_state(BaseStateToken(ident=self.token, cls=State)) as root:
            yield root

    async def open(self, path: str, session_token: str) -> None:
        """As if the browser were on `path` with the session cookie `session_token`."""
        from state.shared.session_token import SessionTokenState

        self.router_data = self._route(path)
        async with self.root() as root:
            root.router_data = self.router_data
            root._update_router_vars(self.router_data, {})
            (await root.get_state(SessionTokenState)).token = session_token

    async def send(self, handler: EventHandler, payload: dict, *, timeout: float = 20.0,
                   loop_grace: float = 0.15) -> BaseException | None:
        """Process one event and everything it chains, as the server would. Returns the exception
        the handler raised, if any (Reflex would show its error toast).

        A polling loop (a background handler, or one that an event chained) never ends on its
        own: once only background work of this browser is left, it runs `loop_grace` seconds
        more, with every `asyncio.sleep` shortened so it makes a few rounds, and is cancelled."""
        event = Event(name=format_event_handler(handler), payload=payload, router_data=self.router_data)
        processor = self.server.processor
        loop = asyncio.get_running_loop()
        deadline, looping_since = loop.time() + timeout, None
        with _short_sleeps():
            future = await processor.enqueue(self.token, event)
            while not future.done():
                mine = [t for t in processor._tasks.values() if not t.done() and f"|{self.token}|" in t.get_name()]
                waiting = processor._token_queues.get(self.token)
                if mine and not waiting and all(_is_background(t.get_name().split("|")[1]) for t in mine):
                    looping_since = looping_since or loop.time()
                    if loop.time() - looping_since > loop_grace:
                        future.cancel()
                        await asyncio.wait(mine, timeout=5)
                        return None
                else:
                    looping_since = None
                if loop.time() > deadline:
                    future.cancel()
                    raise TimeoutError(f"{event.name} still running after {timeout} s")
                await asyncio.wait([future], timeout=0.01)
        return None if future.cancelled() else future.exception()


def _is_background(event_name: str) -> bool:
    from reflex_base.registry import RegistrationContext

    registered = RegistrationContext.get().event_handlers.get(event_name)
    return registered is not None and registered.handler.is_background


_REAL_SLEEP = asyncio.sleep
_short_sleepers = 0


async def _short_sleep(delay, result=None):
    return await _REAL_SLEEP(min(delay, 0.01), result)


@contextlib.contextmanager
def _short_sleeps() -> Iterator[None]:
    """Every `asyncio.sleep` at most 0.01 s while any send is under way (sends may overlap)."""
    global _short_sleepers
    _short_sleepers += 1
    asyncio.sleep = _short_sleep
    try:
        yield
    finally:
        _short_sleepers -= 1
        if not _short_sleepers:
            asyncio.sleep = _REAL_SLEEP
