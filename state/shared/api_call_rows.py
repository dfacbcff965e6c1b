"""An API key's call log as the key pages show it (the merchant's and the admin's)."""

from __future__ import annotations

from community_hub.core import local_time


def call_rows(found, zone: str) -> list[dict[str, str]]:
    """ApiCall / PartnerCall rows, newest first, in the reader's time zone."""
    return [{"id": str(c.id), "when": local_time.fmt(c.at, zone), "method": c.method, "route": c.route,
             "status": str(c.status), "ms": str(c.duration_ms)} for c in found]
