"""The one place a handler's arguments are checked before it runs.

Anyone with the socket can call any handler with anything: a list where a page sends text, NaN
where it sends a page number, 100,000 characters, a form whose fields are not text, an argument
missing. Reflex hands whatever came to the handler (it only logs a warning when it cannot convert
a value to the annotation), so such a call used to fall over somewhere in the handler, with a
traceback in the log and Reflex's generic error on the page.

`CallGuard` is an app middleware: every event passes it before its handler runs. It compares the
payload with the handler's signature (the function under `@screen_event`) and its annotations:
- every argument without a default is there, and no other;
- `int`: a whole number from 0 up (pages, indexes, ids; numbers as text are fine, Reflex converts
  them); `float`: a finite number; `bool`: true or false; `str`: text (or a whole number, handed
  on as text), at most TEXT_LIMIT characters; `dict` (a form, a row): an object of what JSON
  carries, no NaN, each text at most TEXT_LIMIT, each list or object at most LIST_LIMIT long, at
  most MAX_DEPTH deep; `list`: at most LIST_LIMIT items of the annotated kind.
A call that does not fit is not run: the page's message says so in its language (the state's
`error`, else the session's flash) and one line goes to the log. What a shape cannot tell (a form
missing the field a handler reads, text that is not a number) is the handler's to refuse:
`screen_event` turns such a parse error into the same message.
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
import types
import typing
from typing import Any

from reflex.middleware import Middleware
from reflex.state import StateUpdate
from reflex_base.registry import RegistrationContext
from reflex_base.utils.form import FORM_DATA_ENTRIES_KEY

from state.shared import router_raw
from state.shared.service_call import NOT_UNDERSTOOD

log = logging.getLogger("community_hub.state")

TEXT_LIMIT = 50_000  # longer than any field the services accept: only a forged call sends more
LIST_LIMIT = 1_000
MAX_DEPTH = 5
BIGGEST_INT = 2**53  # what a browser's number holds exactly


class Malformed(ValueError):
    """What is wrong with a call's arguments, for the log."""


def _scalar(value: Any, where: str) -> None:
    if value is None or isinstance(value, bool | int):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > BIGGEST_INT:
            raise Malformed(f"{where}: a number out of range")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Malformed(f"{where}: not a finite number")
        return
    if isinstance(value, str):
        if len(value) > TEXT_LIMIT:
            raise Malformed(f"{where}: {len(value)} characters")
        return
    raise Malformed(f"{where}: a {type(value).__name__}")


def _plain(value: Any, where: str, depth: int = 0) -> None:
    """What JSON can carry (text, numbers, true/false, None, lists and objects of those, a few
    levels deep: a row a page sends back may hold a list of rows), each text and list bounded."""
    if depth > MAX_DEPTH:
        raise Malformed(f"{where}: nested too deep")
    if isinstance(value, list):
        if len(value) > LIST_LIMIT:
            raise Malformed(f"{where}: {len(value)} items")
        for item in value:
            _plain(item, where, depth + 1)
    elif isinstance(value, dict):
        if len(value) > LIST_LIMIT:
            raise Malformed(f"{where}: {len(value)} fields")
        for key, item in dict.items(value):
            if not isinstance(key, str):
                raise Malformed(f"{where}: a field name that is not text")
            _plain(item, f"{where}.{key[:40]}", depth + 1)
    else:
        _scalar(value, where)


def _form(value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise Malformed(f"{where}: a {type(value).__name__}, not a form")
    entries = dict.get(value, FORM_DATA_ENTRIES_KEY)
    if entries is not None:  # a submitted form as Reflex sends it: [[name, value], ...]
        if not isinstance(entries, list) or len(entries) > LIST_LIMIT or not all(
                isinstance(e, list) and len(e) == 2 and isinstance(e[0], str) for e in entries):
            raise Malformed(f"{where}: form entries of the wrong shape")
        for name, item in entries:
            _plain(item, f"{where}.{name[:40]}", 1)  # a field's value: text (or a list of texts)
        return
    _plain(dict(value), where)  # a form's fields, or a row a page sends back


def _digits(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 16


def _number_text(value: str) -> bool:
    try:
        return len(value) <= 40 and math.isfinite(float(value))
    except ValueError:
        return False


def check_value(value: Any, hint: Any, where: str) -> Any:
    """`value` as the handler should get it (a whole number for text becomes its digits), or
    Malformed if it does not fit the annotation `hint` (see the module's doc)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        arms = typing.get_args(hint)
        if value is None and type(None) in arms:
            return value
        problems = []
        for arm in (a for a in arms if a is not type(None)):
            try:
                return check_value(value, arm, where)
            except Malformed as exc:
                problems.append(str(exc))
        raise Malformed("; ".join(problems) or f"{where}: None")
    if hint is bool:
        if not isinstance(value, bool) and value not in ("true", "false"):
            raise Malformed(f"{where}: not true or false")
    elif hint is int:
        if isinstance(value, str) and _digits(value):
            return value
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= BIGGEST_INT:
            raise Malformed(f"{where}: not a whole number from 0 up")
    elif hint is float:
        if isinstance(value, str) and _number_text(value):
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Malformed(f"{where}: not a number")
        _scalar(value, where)
    elif hint is str:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise Malformed(f"{where}: not text")
        _scalar(value, where)
        return str(value)  # an id a page sent as a number: the handler (and its text var) gets text
    elif hint is dict or origin is dict:
        _form(value, where)
    elif hint is list or origin is list:
        if not isinstance(value, list) or len(value) > LIST_LIMIT:
            raise Malformed(f"{where}: not a list")
        (item_hint,) = typing.get_args(hint) or (Any,)
        if getattr(item_hint, "__name__", "") == "UploadFile":
            return value  # files: the upload route built them, not the caller's JSON
        return [check_value(item, item_hint, where) for item in value]
    elif hint is Any or hint is inspect.Parameter.empty:
        if isinstance(value, dict):
            _form(value, where)
        else:
            _plain(value, where)
    # Anything else (a dataclass, a model): Reflex builds it from the payload and refuses itself.
    return value


def check_call(fn: Any, payload: Any) -> dict[str, Any]:
    """The arguments for the handler `fn` (text where it asks for text), or Malformed unless
    `payload` is a fitting set of them."""
    if not isinstance(payload, dict):
        raise Malformed("the arguments are not named")
    named, required, hints = _signature(fn)
    if named is not None and (extra := set(payload) - named):
        raise Malformed(f"unknown arguments {sorted(str(k)[:40] for k in extra)[:5]}")
    if missing := [name for name in required if name not in payload]:
        raise Malformed(f"missing {missing}")
    return {name: check_value(value, hints.get(name, Any), name) for name, value in payload.items()}


@functools.lru_cache(maxsize=2048)
def _signature(fn: Any) -> tuple[frozenset[str] | None, tuple[str, ...], dict[str, Any]]:
    """(the argument names it takes, None for **kwargs; those without a default; their
    annotations) of a handler, read once: every event asks."""
    fn = inspect.unwrap(fn)
    params = [p for p in list(inspect.signature(fn).parameters.values())[1:]  # after self
              if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY, p.VAR_KEYWORD)]
    named = None if any(p.kind is p.VAR_KEYWORD for p in params) else frozenset(p.name for p in params)
    required = tuple(p.name for p in params if p.default is p.empty and p.kind is not p.VAR_KEYWORD)
    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # noqa: BLE001 - an unresolvable annotation: check the shapes only
        hints = {}
    return named, required, hints


async def refuse(state: Any, message: str = NOT_UNDERSTOOD) -> None:
    """Put `message` where the page shows it: the state's `error`, else the session's flash."""
    from state.shared.language import in_language
    from state.shared.session import SessionState

    text = await in_language(state, message)
    if "error" in type(state).vars:
        state.error = text
        return
    session = await state.get_state(SessionState)
    session.flash, session.flash_kind = text, "error"
    session._flash_path = (router_raw.url(session).path.split("?", 1)[0].rstrip("/") or "/")


class CallGuard(Middleware):
    """See the module's doc. Only the app's own states (package `state`) are checked: Reflex's
    internal events (hydrate, on-load, the upload's) are Reflex's."""

    async def preprocess(self, app, state, event) -> StateUpdate | None:
        registered = RegistrationContext.get().event_handlers.get(event.name)
        if registered is None or not registered.states[0].__module__.startswith("state."):
            return None
        if event.name.endswith(".setvar"):  # Reflex's: it calls our set_<var> handler
            return None
        try:
            event.payload.update(check_call(registered.handler.fn, event.payload))
        except Malformed as exc:
            log.warning("refused a malformed call to %s: %s", event.name, str(exc)[:300])
        else:
            return None
        from reflex_base.event.processor.base_state_processor import chain_updates

        target = await state.get_state(registered.states[0])
        await refuse(target)
        await chain_updates(None, handler_name="CallGuard", root_state=state._get_root_state())
        return StateUpdate()
