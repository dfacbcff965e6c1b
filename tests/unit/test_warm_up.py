"""A worker loads Babel's locales and the QR encoder (zxing-cpp) once at its start (community_hub/warm_up.py), not
while someone's event holds every socket of the worker; the app module calls it, and imports
reflex.model, which Reflex would import on the first event with a dict payload."""

from __future__ import annotations

import subprocess
import sys

from community_hub.core.config import PROJECT_ROOT

PROBE = """
import sys
from babel import localedata
assert "zxingcpp" not in sys.modules and "reflex.model" not in sys.modules
import community_hub.app
print(sorted(k for k in localedata._cache if k in ("en_US", "zh_Hans_CN")), "zxingcpp" in sys.modules,
      "reflex.model" in sys.modules, "alembic" in sys.modules)
"""


def test_the_app_loads_what_first_events_would_otherwise_load():
    env = {"HUB_DEMO_MODE": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "['en_US', 'zh_Hans_CN'] True True True"
