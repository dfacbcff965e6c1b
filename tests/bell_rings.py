"""Does a committed service write ring a live page's change bell keys (core/change_bell.py)?

On SQLite the keys ring in this process as the transaction commits; on PostgreSQL they travel by
NOTIFY to the process's LISTEN thread (core/change_bell_pg.py) and ring a moment later. So before
it answers, `heard_all` sends a NOTIFY of its own after everything committed so far and waits
until that one is heard: PostgreSQL delivers notifications in commit order, so a "did not ring"
is never a NOTIFY still on its way."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from community_hub.core import change_bell, change_bell_pg

_sent = itertools.count(1)


def heard_all(engine: Engine, timeout: float = 10.0) -> int:
    """Once every write committed so far has rung here: the change bell's mark then."""
    if engine.dialect.name == "postgresql":
        url = engine.url.render_as_string(hide_password=False)
        change_bell_pg.listen(url, change_bell._on_notify, change_bell.ring_all)
        sentinel = change_bell.key("bell_test", "n", next(_sent))
        since = change_bell.mark()
        end = time.monotonic() + timeout
        while not change_bell.rang_since([sentinel], since):
            if time.monotonic() > end:
                pytest.fail("the change bell's listener heard nothing")
            # Sent again until heard: the listener may not have been listening for the first.
            with engine.begin() as conn:
                conn.execute(text("SELECT pg_notify(:channel, :payload)"),
                             {"channel": change_bell_pg.CHANNEL, "payload": change_bell.encode([sentinel])})
            time.sleep(0.05)
    return change_bell.mark()


def rang(engine: Engine, keys: list, since: int) -> bool:
    """Did any of `keys` ring after `since` (a `heard_all` mark), once everything committed is heard?"""
    heard_all(engine)
    return change_bell.rang_since(keys, since)


def rings(engine: Engine, write: Callable[[], object], keys: list, heard: list | None = None) -> bool:
    """Does `write()` (committed) ring one of `keys`? `heard`: keys the write surely rings, checked
    too, so that a False is about these keys and not a write that rang nothing at all."""
    since = heard_all(engine)
    write()
    answer = rang(engine, keys, since)
    assert not heard or change_bell.rang_since(heard, since), "the write did not ring what it surely rings"
    return answer


def committed(tx, step: Callable) -> Callable[[], None]:
    """`step(db)` as a write of its own, committed (`tx` is the tests' transaction maker): what
    `rings` runs as the other person's action."""
    def write() -> None:
        with tx() as db:
            step(db)
    return write
