"""Small helpers the property-portal states share: how times and money read on screen, and which
community a staff member is working on."""

from __future__ import annotations

from datetime import UTC, datetime

from community_hub.services.errors import ServiceError
from community_hub.services.permissions import Actor


def when(dt: datetime | None) -> str:
    """Times are stored in UTC; the screen says so rather than guessing the viewer's zone."""
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if dt else ""


def money(amount_minor: int, currency: str) -> str:
    return f"{amount_minor / 100:,.2f} {currency}"


def parse_utc(text: str) -> datetime | None:
    """A `datetime-local` input value ("2026-11-22T09:30"), read as UTC; empty means not set."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise ServiceError(f"{text} is not a date and time.") from None


def to_input(dt: datetime | None) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M") if dt else ""


def staff_community(actor: Actor) -> int:
    """The community a staff member works on (staff of exactly one community have it on their Actor)."""
    if actor.community_id is None:
        raise ServiceError("Your account is not linked to one community's property office.")
    return actor.community_id
