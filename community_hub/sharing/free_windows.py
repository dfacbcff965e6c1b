"""When a slot is free: weekly windows and dated windows in the community's local time, and
whether a booking's range fits inside one of them.

A window never crosses local midnight (end at most 24:00) and a booking lies inside one window
occurrence, so a booking never spans two days: simple to read on a calendar-like list, and an
owner who wants nights offers them as their own windows. Times are checked on the community's
wall clock of the booking's start day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.local_time import localize
from community_hub.models.sharing import SlotWindow

MAX_WINDOWS = 60
_DAY = 24 * 60


@dataclass(frozen=True)
class WindowIn:
    """A window as a form gives it: weekday 0-6 (Monday = 0) or a day, "HH:MM" start and end."""

    start: str
    end: str
    weekday: int | None = None
    day: date | None = None


def _minute(text: str) -> int:
    try:
        hours, minutes = (text or "").strip().split(":")
        h, m = int(hours), int(minutes)
    except ValueError:
        raise ServiceError(phrase("Write times as HH:MM, like 08:30.")) from None
    if (h, m) == (24, 0):
        return _DAY
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ServiceError(phrase("Write times as HH:MM, like 08:30."))
    return h * 60 + m


def parse_windows(windows: list[WindowIn], today: date) -> list[SlotWindow]:
    """The windows to store (without slot id), checked: at least one, each with a weekday or a
    day not in the past, start before end."""
    if not windows:
        raise ServiceError(phrase("Say when the slot is free: at least one weekly or dated window."))
    if len(windows) > MAX_WINDOWS:
        raise ServiceError(phrase("A slot has at most {n} free windows.", n=MAX_WINDOWS))
    rows = []
    for w in windows:
        start, end = _minute(w.start), _minute(w.end)
        if start >= end:
            raise ServiceError(phrase("A free window must end after it starts (and by midnight)."))
        if (w.weekday is None) == (w.day is None):
            raise ServiceError(phrase("A free window is on a weekday or on a date."))
        if w.weekday is not None and not (isinstance(w.weekday, int) and 0 <= w.weekday <= 6):
            raise ServiceError(phrase("A free window is on a weekday or on a date."))
        if w.day is not None and w.day < today:
            raise ServiceError(phrase("A free window's date cannot be in the past."))
        rows.append(SlotWindow(slot_id=0, weekday=w.weekday, day=w.day, start_minute=start, end_minute=end))
    return rows


def fits(windows: list[SlotWindow], starts_at: datetime, ends_at: datetime, zone: str) -> bool:
    """Whether [starts_at, ends_at) lies inside one window occurrence on the community's clock."""
    local_start, local_end = localize(starts_at, zone), localize(ends_at, zone)
    day = local_start.date()
    start_min = local_start.hour * 60 + local_start.minute
    if local_end.date() == day:
        end_min = local_end.hour * 60 + local_end.minute
    elif local_end.date() == day + timedelta(days=1) and (local_end.hour, local_end.minute) == (0, 0):
        end_min = _DAY
    else:
        return False
    for w in windows:
        on_day = w.day == day if w.day is not None else w.weekday == day.weekday()
        if on_day and w.start_minute <= start_min and end_min <= w.end_minute:
            return True
    return False


def shown(w: SlotWindow) -> dict[str, str]:
    """A window for a screen: its weekday number or ISO date, and HH:MM times."""
    def hhmm(m: int) -> str:
        return f"{m // 60:02d}:{m % 60:02d}"
    return {"weekday": "" if w.weekday is None else str(w.weekday), "day": w.day.isoformat() if w.day else "",
            "start": hhmm(w.start_minute), "end": hhmm(w.end_minute)}
