"""How many threads each app worker runs its services in (state/shared/service_call.py's pool).

A service is mostly Python (building queries, loading rows), and Python runs one thread at a time
per process: past a few threads per core, more threads only take the interpreter lock from each
other, and a thread holding a row lock waits for its turn while the others run. Measured with the
checkout rush (bench/load/contention.py, 2 processes on 2 cores): 2 threads each 81–90 orders/s,
3 73–78, 6 (asyncio's default here) 74, 12 53; on a faster day 2: 96–111, 3: 95–107, 6: 82–88.
The resident mix in the same full bench, back to back: 3 threads 337 events/s (2.95 ms of CPU each),
6 threads 293 (3.39). The number is per worker process; a few threads still keep the core busy
while one waits on the database or a provider.

`HUB_SERVICE_THREADS` sets it (1 to 64)."""

from __future__ import annotations

import os

DEFAULT = 3
MOST = 64


class ServiceThreadsRefused(ValueError):
    """HUB_SERVICE_THREADS is not a whole number from 1 to MOST (a sentence to print)."""


def service_threads(env: dict[str, str] | None = None) -> int:
    raw = (os.environ if env is None else env).get("HUB_SERVICE_THREADS", "").strip()
    if not raw:
        return DEFAULT
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= MOST:
        raise ServiceThreadsRefused(f"HUB_SERVICE_THREADS must be a whole number from 1 to {MOST} (got {raw!r}).")
    return value
