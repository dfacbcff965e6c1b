"""Times as people read and type them: in their community's own time zone.

The database keeps every time as aware UTC; this module is the only place that turns those into
local wall-clock text and back. Zones are IANA names ("America/New_York") read with zoneinfo, so
daylight saving time follows the real rules for each date.

Two wall times need a decision:
- a time skipped when clocks go forward (02:30 on a spring-forward night in New York) does not
  exist, so `parse_input` refuses it with a message rather than silently moving it;
- a time that happens twice when clocks go back (01:30 on a fall-back night) is read as its FIRST
  occurrence (fold=0, still on daylight time), which is what someone typing it usually means.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_skeleton

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import Shown, babel_locale, known, phrase, reader

DEFAULT_ZONE = "UTC"
DISPLAY = "%Y-%m-%d %H:%M %Z"  # "2026-11-22 09:30 EST": the zone's abbreviation says which clock
INPUT = "%Y-%m-%dT%H:%M"  # what an <input type="datetime-local"> holds


def check_zone(name: str) -> str:
    """The IANA zone name, stripped, if zoneinfo knows it; otherwise a readable refusal."""
    name = (name or "").strip()
    try:
        # "/" anywhere but between parts, or a relative path, would make zoneinfo read a file path.
        if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
            raise ValueError
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        refusal = (phrase("{zone} is not a time zone (use a name like Europe/London).", zone=name) if name
                   else phrase("That is not a time zone (use a name like Europe/London)."))
        raise ServiceError(refusal, code="time_zone") from None
    return name


def zone_info(zone: str | None) -> ZoneInfo:
    """The ZoneInfo for a stored name; an unknown or blank name falls back to UTC rather than crash a page."""
    try:
        return ZoneInfo(check_zone(zone or DEFAULT_ZONE))
    except ServiceError:
        return ZoneInfo(DEFAULT_ZONE)


def localize(dt: datetime, zone: str | None) -> datetime:
    """An aware datetime (or a naive one taken as UTC, as older rows may be) in the zone."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(zone_info(zone))


def _chinese(lang: str | None) -> bool:
    return known(lang if lang is not None else reader()) == "zh"


def fmt(dt: datetime | None, zone: str | None, with_zone: bool = True, lang: str | None = None) -> str:
    """"2026-11-22 09:30 EST" (or without the abbreviation); None -> "". A Chinese reader (the
    current reader, core/i18n.reader, unless `lang` says) reads "2026年11月22日 09:30 EST"."""
    if dt is None:
        return ""
    local = localize(dt, zone)
    if _chinese(lang):
        text = f"{format_date(local, 'long', locale=babel_locale('zh'))} {local:%H:%M}"
        return f"{text} {local:%Z}" if with_zone else text
    return local.strftime(DISPLAY if with_zone else DISPLAY.removesuffix(" %Z"))


def fmt_date(dt: datetime | None, zone: str | None, lang: str | None = None) -> str:
    """The local calendar day, "2026-11-22" ("2026年11月22日" for a Chinese reader); None -> ""."""
    if not dt:
        return ""
    local = localize(dt, zone)
    return format_date(local, "long", locale=babel_locale("zh")) if _chinese(lang) else local.strftime("%Y-%m-%d")


def fmt_day(day: date | None, lang: str | None = None) -> str:
    """A calendar day (a bill's due date): "2026-12-04", or "2026年12月4日" for a Chinese reader."""
    if day is None:
        return ""
    return format_date(day, "long", locale=babel_locale("zh")) if _chinese(lang) else day.isoformat()


def fmt_window(start: datetime, end: datetime, zone: str | None, lang: str | None = None) -> str:
    """A delivery slot as one line: "Sun 22 Nov, 09:00–10:00 EST" (end's abbreviation, so a slot
    across a DST change reads right); "11月22日周日 09:00–10:00 EST" for a Chinese reader."""
    s, e = localize(start, zone), localize(end, zone)
    if _chinese(lang):
        return f"{format_skeleton('MMMEd', s, locale=babel_locale('zh'))} {s:%H:%M}–{e:%H:%M %Z}"
    return f"{s:%a %d %b, %H:%M}–{e:%H:%M %Z}"


def when_shown(dt: datetime | None, zone: str | None) -> Shown:
    """A time for a message translated later (an outbox message): in its reader's language."""
    return Shown(lambda lang: fmt(dt, zone, lang=lang))


def day_shown(day: date | None) -> Shown:
    """A calendar day for a message translated later, in its reader's language."""
    return Shown(lambda lang: fmt_day(day, lang=lang))


def to_input(dt: datetime | None, zone: str | None) -> str:
    """The value for a datetime-local input, "2026-11-22T09:30", in local time; None -> ""."""
    return localize(dt, zone).strftime(INPUT) if dt else ""


def _wall_to_utc(wall: datetime, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of a naive local wall time (fold=0 for a repeated one); None if it never happens."""
    aware = wall.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(UTC)
    # A skipped wall time does not survive the round trip back to local time.
    if utc.astimezone(tz).replace(tzinfo=None) != wall:
        return None
    return utc


def parse_input(text: str | None, zone: str | None) -> datetime | None:
    """A datetime-local value typed in the zone -> aware UTC; blank -> None.

    Refuses text that is not a date and time, and a wall time the clocks skip. A wall time that
    happens twice is its first occurrence."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        wall = datetime.fromisoformat(text)
    except ValueError:
        raise ServiceError(phrase("{text} is not a date and time.", text=text)) from None
    if wall.tzinfo is not None:  # already says which instant it means (e.g. an ISO value with offset)
        return wall.astimezone(UTC)
    tz = zone_info(zone)
    utc = _wall_to_utc(wall, tz)
    if utc is None:
        raise ServiceError(
            phrase("{wall} does not exist in {zone}: the clocks skip that hour when daylight saving time "
                   "starts. Choose a time outside the skipped hour.", wall=wall.strftime("%Y-%m-%d %H:%M"), zone=tz.key),
            code="time_gap")
    return utc


def parse_day(text: str, what: str) -> date:
    """A date input's value ("2026-12-31"); anything else is a readable refusal."""
    try:
        return datetime.strptime((text or "").strip(), "%Y-%m-%d").date()
    except ValueError:
        raise ServiceError(phrase("The {what} must be a date like 2026-12-31.", what=phrase(what))) from None


def _day_start(day: date, tz: ZoneInfo) -> datetime:
    # fold=0 on a skipped midnight reads with the old offset, which is the instant the day begins.
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def day_start(day: date, zone: str | None) -> datetime:
    """The UTC instant a local calendar day begins in the zone."""
    return _day_start(day, zone_info(zone))


def local_date_start(day_text: str, zone: str | None, what: str = "date") -> datetime | None:
    """"2026-12-31" -> the UTC instant that local day begins; blank -> None."""
    if not (day_text or "").strip():
        return None
    return _day_start(parse_day(day_text, what), zone_info(zone))


def local_date_end(day_text: str, zone: str | None, what: str = "date") -> datetime | None:
    """"2026-12-31" -> the UTC instant the NEXT local day begins (an exclusive end); blank -> None.
    Days with a DST change are 23 or 25 hours long; this follows the calendar, not 24 hours."""
    if not (day_text or "").strip():
        return None
    return _day_start(parse_day(day_text, what) + timedelta(days=1), zone_info(zone))


def local_today(zone: str | None, now: datetime | None = None) -> date:
    """Today's date where the person is (not in UTC, which is already tomorrow in New York's evening)."""
    return localize(now or datetime.now(UTC), zone).date()


def next_local_hours(zone: str | None, count: int, now: datetime | None = None) -> list[datetime]:
    """The next `count` whole local hours after now, as aware UTC starts (for one-hour slots).

    Later slots are the first plus whole hours of real time, so a DST change neither repeats nor
    drops an hour; each still begins on a local hour in zones whose offsets are whole hours."""
    local = localize(now or datetime.now(UTC), zone)
    first = (local.replace(minute=0, second=0, microsecond=0).astimezone(UTC) + timedelta(hours=1))
    return [first + timedelta(hours=i) for i in range(count)]
