"""Nothing slow runs on the event loop: one session's slow service call does not hold up another
session's event, and the states leave the database to the services."""

from __future__ import annotations

import ast
import asyncio
import time
from pathlib import Path

import reflex as rx

from community_hub.accounts import sessions
from community_hub.core.db import session_scope
from state.shared.service_call import call
from state.shared.session import SessionState
from tests.state import harness

SLOW = 2.0  # seconds the slow service takes
FAST = 0.3  # the other session's whole round trip must stay under this
STATE_DIR = Path(__file__).resolve().parents[2] / "state"


def _slow_service(db, actor) -> str:
    """A service as `call` runs it, `fn(db, actor)`, that takes its time (a slow provider)."""
    time.sleep(SLOW)
    return "done"


class OffLoopProbeState(rx.State):
    """Test-only state (it is not under state/, so test_boundary leaves it alone)."""

    result: str = ""

    @rx.event
    async def slow_through_call(self):
        self.result = await call(self, _slow_service)

    @rx.event
    async def slow_on_the_loop(self):
        time.sleep(SLOW / 2)  # what every handler did before `call`: the whole worker waits
        self.result = "done"


def _fresh_session(token: str) -> None:
    """Mark the session just used. Otherwise, late in a long run, the other tab's header finds it
    idle for minutes and writes its last use (accounts/sessions.touch_session), and on SQLite that
    write waits for the slow call's transaction: SQLite's one writer, not the event loop, which is
    what this measures."""
    with session_scope() as db:
        actor = sessions.actor_for_token(db, token)
        sessions.touch_session(db, actor)


async def _other_session_round_trip(slow_handler, token: str) -> tuple[float, str]:
    """Two tabs send at the same moment, the slow one first: how long the other one (a member
    whose header reads her session and unread count from the database) waits."""
    _fresh_session(token)
    async with harness.Server() as server:
        slow_tab = await server.browser(token, path="/")
        other_tab = await server.browser(token, path="/")
        start = time.monotonic()
        slow = asyncio.create_task(slow_tab.send(slow_handler, {}))
        other = asyncio.create_task(other_tab.send(SessionState.event_handlers["refresh"], {}))
        assert await other is None
        elapsed = time.monotonic() - start
        async with other_tab.root() as root:
            assert (await root.get_state(SessionState)).user_name, "the other tab is not logged in"
        assert await slow is None
        async with slow_tab.root() as root:
            result = (await root.get_state(OffLoopProbeState)).result
        return elapsed, result


def test_a_slow_service_call_does_not_hold_up_another_session(demo):
    handler = OffLoopProbeState.event_handlers["slow_through_call"]
    elapsed, result = asyncio.run(_other_session_round_trip(handler, demo.caller_token))
    assert result == "done"
    assert elapsed < FAST, f"the other session waited {elapsed:.2f} s for a service call it had nothing to do with"


def test_the_probe_would_notice_work_on_the_loop(demo):
    """The control: the same measurement with the slow work on the event loop sees the wait."""
    handler = OffLoopProbeState.event_handlers["slow_on_the_loop"]
    elapsed, result = asyncio.run(_other_session_round_trip(handler, demo.caller_token))
    assert result == "done"
    assert elapsed > SLOW / 2 - 0.3


# --- the states leave the database to the services --------------------------------------------

DATABASE_MODULES = ("sqlmodel", "sqlalchemy", "community_hub.core.db")
LEGACY_HELPERS = ("acting", "reading")  # on-loop database blocks: `call`/`look` replaced them


def _database_use(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            names += [a.name for a in node.names if a.name in LEGACY_HELPERS]
        for name in names:
            if name in LEGACY_HELPERS or any(name == m or name.startswith(m + ".") for m in DATABASE_MODULES):
                found.append(f"line {node.lineno}: imports {name}")
                break
        if isinstance(node, ast.Call):
            fn = node.func
            called = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            if called in LEGACY_HELPERS:
                found.append(f"line {node.lineno}: {called}(...)")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in LEGACY_HELPERS:
            found.append(f"line {node.lineno}: defines {node.name}()")
    return found


def test_no_state_touches_the_database():
    offenders = {str(p.relative_to(STATE_DIR.parent)): found for p in sorted(STATE_DIR.rglob("*.py"))
                 if (found := _database_use(p))}
    assert not offenders, "states that still reach the database themselves:\n" + "\n".join(
        f"  {path}: {'; '.join(found)}" for path, found in offenders.items())
