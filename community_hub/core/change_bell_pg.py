"""One LISTEN connection per process on PostgreSQL: other workers' commits ring this one's bell.

core/change_rings.py sends each commit's keys by NOTIFY on CHANNEL inside the transaction, so
PostgreSQL delivers them only if it commits, and to every listener on the database, this process's
own included. A thread of its own waits on the connection (nothing of it touches the event loop);
when the connection is lost it tries again every RETRY_SECONDS and, once back, rings everything,
since a notification may have been missed meanwhile.

Once listening it checks that it hears: a probe sent from a second connection must come back
within PROBE_SECONDS. Through a transaction pooler (PgBouncer) a LISTEN hears nothing, since the
pooler hands its server session to the next client at once; live pages would then wait out their
fallback times. That is said in the log and in /api/health ("change_bell": "deaf"), and
HUB_DIRECT_DB_URL is the cure (core/config.py)."""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable

import psycopg
from sqlalchemy.engine import make_url

CHANNEL = "hub_changes"
RETRY_SECONDS = 1.0
PROBE_SECONDS = 10.0
_PROBE = "probe:"  # a payload no commit sends (core/change_bell.encode joins keys with control characters)
_log = logging.getLogger("community_hub.change_bell")
_lock = threading.Lock()
_started: dict[tuple[int, str], threading.Thread] = {}
# What each listener of this process last found: "starting", "listening" (its probe came back),
# "deaf" (it did not: a pooler between), "lost" (no connection; trying again).
_hearing: dict[str, str] = {}


def listen(db_url: str, on_payload: Callable[[str], None], on_lost: Callable[[], object]) -> None:
    """Start this process's listener for `db_url` once (nothing for SQLite: one process writes it)."""
    if not db_url.startswith("postgresql"):
        return
    with _lock:
        key = (os.getpid(), db_url)  # a forked child has no thread of its parent's: it starts its own
        if key in _started:
            return
        thread = threading.Thread(target=_run, args=(db_url, on_payload, on_lost), daemon=True,
                                  name="hub-change-bell")
        _started[key] = thread
    thread.start()


def conninfo(db_url: str) -> str:
    """libpq's form of the app's SQLAlchemy URL (postgresql+psycopg://... -> postgresql://...)."""
    return make_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False)


def hearing(db_url: str) -> str:
    """What this process's listener for `db_url` found ("" when none was started)."""
    return _hearing.get(db_url, "")


def _hear(conn: psycopg.Connection, db_url: str, on_payload: Callable[[str], None]) -> None:
    """Pass on what the connection hears until it is lost, after sending itself a probe from a
    second connection: not heard back within PROBE_SECONDS, the listener is deaf (said once)."""
    probe = f"{_PROBE}{uuid.uuid4().hex}"
    _hearing[db_url] = "starting"
    with psycopg.connect(conninfo(db_url), autocommit=True) as other:
        other.execute("SELECT pg_notify(%s, %s)", (CHANNEL, probe))
    waiting = True
    while True:
        for note in conn.notifies(timeout=PROBE_SECONDS if waiting else None):
            if note.payload.startswith(_PROBE):  # this or another worker's probe: no keys in it
                if waiting and note.payload == probe:
                    _hearing[db_url], waiting = "listening", False
                    break  # listen on without a time limit (what arrives meanwhile is kept)
                continue
            on_payload(note.payload)
        else:
            if waiting:
                _hearing[db_url], waiting = "deaf", False
                _log.warning("change bell: the LISTEN connection did not hear its own probe in %.0f s: is a "
                             "transaction pooler (PgBouncer) between? Set HUB_DIRECT_DB_URL to PostgreSQL "
                             "itself. Until then live pages read again only on their fallback time.",
                             PROBE_SECONDS)


def _run(db_url: str, on_payload: Callable[[str], None], on_lost: Callable[[], object]) -> None:
    first, said = True, False
    while True:
        try:
            with psycopg.connect(conninfo(db_url), autocommit=True) as conn:
                conn.execute(f"LISTEN {CHANNEL}")
                if not first:
                    on_lost()  # back after a gap: whatever rang meanwhile was not heard
                    _log.warning("change bell: listening again")
                first, said = False, False
                _hear(conn, db_url, on_payload)
        except Exception as exc:  # noqa: BLE001 - the database away or restarted: try again
            # Until it is back the waiters read on their fallback time; everything rings once it is.
            _hearing[db_url] = "lost"
            if not said:  # once per outage, not every second of it
                _log.warning("change bell: listening stopped (%s); trying again every %.0f s", exc, RETRY_SECONDS)
            first, said = False, True
        time.sleep(RETRY_SECONDS)
