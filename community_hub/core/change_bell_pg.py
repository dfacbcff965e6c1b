"""One LISTEN connection per process on PostgreSQL: other workers' commits ring this one's bell.

core/change_rings.py sends each commit's keys by NOTIFY on CHANNEL inside the transaction, so
PostgreSQL delivers them only if it commits, and to every listener on the database, this process's
own included. A thread of its own waits on the connection (nothing of it touches the event loop);
when the connection is lost it tries again every RETRY_SECONDS and, once back, rings everything,
since a notification may have been missed meanwhile."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

import psycopg
from sqlalchemy.engine import make_url

CHANNEL = "hub_changes"
RETRY_SECONDS = 1.0
_log = logging.getLogger("community_hub.change_bell")
_lock = threading.Lock()
_started: dict[tuple[int, str], threading.Thread] = {}


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
                for note in conn.notifies():
                    on_payload(note.payload)
        except Exception as exc:  # noqa: BLE001 - the database away or restarted: try again
            # Until it is back the waiters read on their fallback time; everything rings once it is.
            if not said:  # once per outage, not every second of it
                _log.warning("change bell: listening stopped (%s); trying again every %.0f s", exc, RETRY_SECONDS)
            first, said = False, True
        time.sleep(RETRY_SECONDS)
