"""The delivery windows a resident can choose at checkout: "as soon as possible", or one of the
next whole local hours. The choice travels as the window's UTC start, so what reaches checkout
does not depend on anyone's clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase

ASAP = "asap"
WINDOWS = 8  # one-hour windows offered, from the next full local hour
LENGTH = timedelta(hours=1)


def choices(zone: str, now: datetime | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs in the reader's zone; the first is "as soon as possible"."""
    out = [(ASAP, phrase("As soon as possible"))]
    for start in local_time.next_local_hours(zone, WINDOWS, now=now):
        out.append((start.isoformat(), local_time.fmt_window(start, start + LENGTH, zone)))
    return out


def window_of(choice: str) -> tuple[datetime | None, datetime | None]:
    """A chosen value back to (start, end) in UTC; ASAP is (None, None). Anything else is refused."""
    if not choice or choice == ASAP:
        return None, None
    try:
        start = local_time.parse_input(str(choice)[:40], "UTC")
    except (ServiceError, ValueError):
        start = None
    if start is None:
        raise ServiceError(phrase("Choose a delivery time from the list."), code="bad_window")
    return start, start + LENGTH
