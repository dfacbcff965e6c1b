"""A worker's start-up objects are frozen out of the garbage collector's walks once it is up, and
young collections come less often (community_hub/gc_tuning.py, run by the app's first lifespan
task): a full collection then walks only what came after, and garbage made after the freeze is
still collected."""

from __future__ import annotations

import subprocess
import sys

from community_hub.core.config import PROJECT_ROOT

# In a process of its own: a freeze in the test process would hide its garbage from every later test.
PROBE = """
import asyncio, gc, json, time
import community_hub.app as hub
before = len(gc.get_objects())
t = time.perf_counter(); gc.collect(); walk_before = time.perf_counter() - t
asyncio.run(hub.settle_the_start())
after = len(gc.get_objects())
t = time.perf_counter(); gc.collect(); walk_after = time.perf_counter() - t

class Tab:  # a closed tab's state: a cycle, only the collector frees it
    pass
import weakref
a, b = Tab(), Tab(); a.other, b.other = b, a
gone = weakref.ref(a); del a, b
gc.collect()
print(json.dumps({"before": before, "after": after, "frozen": gc.get_freeze_count(), "young": gc.get_threshold()[0],
                  "walk_before": walk_before, "walk_after": walk_after, "cycle_freed": gone() is None}))
"""


def test_start_up_objects_are_frozen_and_later_garbage_is_still_collected():
    env = {"HUB_DEMO_MODE": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    import json

    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["frozen"] > 100_000  # the app's pages, mappers, locale data, modules
    assert seen["after"] < seen["before"] / 10  # what a full collection still walks
    assert seen["walk_after"] < seen["walk_before"] / 3
    assert seen["cycle_freed"]
    assert seen["young"] == 10_000  # young collections every 10,000 new objects, not 700
