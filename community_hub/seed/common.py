"""What every part of the demo seed shares. The package (`community_hub.seed`) imports its area
modules, so they take shared values from here, never from the package: no import cycle."""

from __future__ import annotations

DEMO_PASSWORD = "demo-pass-1"  # every demo account's password (the login page says so in demo mode)
