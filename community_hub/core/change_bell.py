"""A bell that rings when a change to what a live page shows is committed, so the page's watcher
reads again at once instead of asking the database every second whether anything moved.

The load bench (docs/PROFILE.md, thirteenth round) put 500 open tabs' polls at about a fifth of a
worker's core with nobody changing anything: the banner every 10 s, an open order or notices page
every second, each a service call. A watcher now waits on the keys of what it shows, e.g.
`("order", "id", "77")` or `("inboxitem", "user_id", "5")`, and reads when one rings, or when its
fallback time is up (a write this process could not hear: another program on the SQLite file).

Who rings: core/change_rings.py, from the ORM's own hooks, so no service has to remember to; a
bulk UPDATE or DELETE rings its whole table, `(table, "", "")`, which wakes every waiter on it.
Across workers on PostgreSQL each commit's keys also go out by NOTIFY in its transaction (sent only
if it commits), and one LISTEN connection per process (core/change_bell_pg.py) rings them here;
when that connection is lost and back, everything rings, since a notification may have been
missed meanwhile. On a SQLite file, other processes' commits (a `./hub` command, a test acting as
another person) come by a file beside the database instead (core/change_bell_file.py).
"""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable

from community_hub.core import change_bell_file, change_bell_pg
from community_hub.core.config import settings

Key = tuple[str, str, str]  # (table, column, value as text); column "" is the whole table

_lock = threading.Lock()
_waiters: dict[Key, set[_Waiter]] = defaultdict(set)
_by_table: dict[str, set[_Waiter]] = defaultdict(set)
# When each key last rang, by a counter: a watcher notes `mark()` before it reads and waits
# `since` it, so a ring that came while it was reading (and not waiting) is not lost.
_count = 0
_rang: dict[Key, int] = {}
_RANG_MOST = 100_000
_forgotten = 0  # rings before this count are no longer told apart: a wait since then returns at once
# Caches that end when a table rings, here or on another worker (on_ring): table -> callbacks.
_hooks: dict[str, list[Callable[[], None]]] = {}


class _Waiter:
    __slots__ = ("loop", "future")

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop, self.future = loop, loop.create_future()

    def wake(self) -> None:
        """From any thread: the waiting coroutine resumes on its own loop."""
        try:
            self.loop.call_soon_threadsafe(_resolve, self.future)
        except RuntimeError:  # its loop has closed: nobody is waiting any more
            pass


def _resolve(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(True)


def key(table: str, column: str = "", value: object = "") -> Key:
    return table, column, "" if value is None else str(value)


def _note_locked(keys: list[Key]) -> None:
    """Under _lock: `keys` rang now, for the `since` checks."""
    global _count, _forgotten
    _count += 1
    if len(_rang) > _RANG_MOST:
        _rang.clear()
        _forgotten = _count
    for k in keys:
        _rang[k] = _count
        if k[1]:
            _rang[(k[0], "*", "")] = _count  # for a whole-table waiter's `since` check


def note(keys: Iterable[Key]) -> None:
    """`keys` changed in a commit of this process, noted at once for whoever checks `rang_since`
    (core/rung_reads.py), waking nobody: on PostgreSQL the waiters wake when this process's
    listener hears the commit's NOTIFY, a moment later."""
    keys = list(keys)
    with _lock:
        _note_locked(keys)


def rang_since(keys: Iterable[Key], since: int) -> bool:
    """Did one of `keys` ring (or was it noted) after `since`, a `mark()`?"""
    keys = list(keys)
    with _lock:
        return _rang_since(keys, since)


def ring(keys: Iterable[Key]) -> int:
    """Wake whoever waits on any of `keys` (thread-safe). How many were woken."""
    keys = list(keys)  # gone through twice: the waiters', then the hooks'
    woken: set[_Waiter] = set()
    with _lock:
        _note_locked(keys)
        for k in keys:
            table, column, _ = k
            if not column:  # a bulk write: everyone on the table
                woken |= _by_table.get(table, set())
            else:  # this row's waiters, and those of the whole table
                woken |= _waiters.get(k, set()) | _waiters.get((table, "", ""), set())
    for w in woken:
        w.wake()
    if _hooks:
        for table in {k[0] for k in keys if k[0] in _hooks}:
            for hook in _hooks[table]:
                hook()
    return len(woken)


def on_ring(table: str, hook: Callable[[], None]) -> None:
    """Call `hook()` whenever a key of `table` rings, from this process's commits or another
    worker's (from whichever thread rang: keep it quick and thread-safe), and at every ring_all,
    when a ring may have been missed. For what a process keeps that another's write must end at
    once (core/read_checks.py); `table` may be a name no table has, rung only by that cache."""
    _hooks.setdefault(table, []).append(hook)


def ring_all() -> int:
    global _count, _forgotten
    with _lock:
        _count += 1
        _rang.clear()
        _forgotten = _count
        woken = {w for waiters in _by_table.values() for w in waiters}
    for w in woken:
        w.wake()
    for hooks in list(_hooks.values()):
        for hook in hooks:
            hook()
    return len(woken)


def waiting() -> int:
    """How many watchers wait now (tests, the bench)."""
    with _lock:
        return len({w for waiters in _by_table.values() for w in waiters})


def mark() -> int:
    """Note it before reading what the keys guard; pass it to `wait` as `since`."""
    with _lock:
        return _count


def _rang_since(keys: list[Key], since: int) -> bool:
    if since < 0 or since < _forgotten:  # -1: "read again now"
        return True
    for table, column, value in keys:
        if _rang.get((table, "", ""), 0) > since:
            return True
        # A row key: that row rang. The whole table's: any of its rows did too.
        if _rang.get((table, column, value) if column else (table, "*", ""), 0) > since:
            return True
    return False


def start_listening(db_url: str | None = None) -> None:
    """This process hears other processes' commits from now on (the app's database unless
    `db_url` names another): a worker calls it as it starts, so a write made before its first
    page waits is heard too; `wait` calls it again, which costs nothing once started."""
    url = db_url or settings().db_url
    # A LISTEN through a transaction pooler hears nothing: its session is the pooler's, handed back
    # at once. The listener goes straight to PostgreSQL when HUB_DIRECT_DB_URL says how.
    change_bell_pg.listen(settings().straight(url), _on_notify, ring_all)
    change_bell_file.listen(url, _on_notify, ring_all)


async def wait(keys: Iterable[Key], timeout: float, since: int, db_url: str | None = None) -> bool:
    """Until one of `keys` rings (True; at once if one rang after `since`, a `mark()`), or
    `timeout` seconds pass (False). On PostgreSQL (`db_url`) the process's LISTEN connection is
    started first (the app's database unless `db_url` names another), so other workers' commits
    ring here too."""
    start_listening(db_url)
    waiter = _Waiter(asyncio.get_running_loop())
    keys = list(keys)
    with _lock:
        if _rang_since(keys, since):
            return True
        for k in keys:
            _waiters[k].add(waiter)
            _by_table[k[0]].add(waiter)
    try:
        await asyncio.wait_for(waiter.future, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        with _lock:
            for k in keys:
                for index, k2 in ((_waiters, k), (_by_table, k[0])):
                    found = index.get(k2)
                    if found is not None:
                        found.discard(waiter)
                        if not found:
                            del index[k2]


# ---------------------------------------------------------------- what travels by NOTIFY

_FIELD, _RECORD = "\x1f", "\x1e"
PAYLOAD_MOST = 7000  # PostgreSQL refuses a payload of 8000 bytes or more


def encode(keys: Iterable[Key]) -> str:
    """One NOTIFY payload for a commit's keys; too many and each table rings whole."""
    keys = sorted(set(keys))
    text = _RECORD.join(_FIELD.join(k) for k in keys)
    if len(text.encode()) <= PAYLOAD_MOST:
        return text
    return _RECORD.join(_FIELD.join((t, "", "")) for t in sorted({k[0] for k in keys}))


def decode(payload: str) -> list[Key]:
    out = []
    for record in payload.split(_RECORD):
        parts = record.split(_FIELD)
        if len(parts) == 3:
            out.append((parts[0], parts[1], parts[2]))
    return out


def _on_notify(payload: str) -> None:
    ring(decode(payload))
