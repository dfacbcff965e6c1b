"""The worker's garbage collector, set for a server that holds hundreds of tabs' states.

Python's full collection walks every object that can hold a reference, however old. A worker
starts with about 290,000 of them (the app's pages as component trees, SQLAlchemy's mappers,
Babel's locale data, the modules) that live until it stops, and each full collection walked them
again, stopping every socket of the worker meanwhile. Under the load bench (docs/PROFILE.md, ninth
round) collections took 18 % of the one-worker SQLite run's CPU (27 full ones, the longest 0.71 s)
and 10 % of a PostgreSQL worker's; with what is done here, 3.9 % and 4.7 % (7 full ones, the
longest 0.46 s). `gc.freeze()` moves what exists at that moment out of the collector's sight for
good; the tabs' states and everything after are collected as before.
"""

from __future__ import annotations

import gc

# A young collection every 10,000 new objects instead of 700: most of a request's objects are gone
# by then, so far fewer survive into the older generations and bring on a full collection.
YOUNG_THRESHOLD = 10_000


def freeze_what_the_worker_started_with() -> int:
    """Collect the start-up garbage, then freeze what is left. Returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
    return gc.get_freeze_count()
