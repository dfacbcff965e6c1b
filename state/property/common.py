"""Small helpers the property-portal states share: how times and money read on screen, and which
community a staff member is working on."""

from __future__ import annotations

from datetime import datetime

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.money import format_money
from community_hub.core.permissions import Actor
from community_hub.property import workorders


def when(dt: datetime | None, zone: str) -> str:
    """A stored (UTC) time on screen in the viewer's zone, "2026-11-22 09:30 EST"; pass `actor.time_zone`."""
    return local_time.fmt(dt, zone)


def money(amount_minor: int, currency: str) -> str:
    """One way to show money everywhere: core.money ("$1,234.50")."""
    return format_money(amount_minor, currency)


def parse_local(text: str, zone: str) -> datetime | None:
    """A `datetime-local` input value ("2026-11-22T09:30") typed in `zone` -> aware UTC; empty -> None.
    A time the clocks skip is refused; a repeated one is its first occurrence (see local_time)."""
    return local_time.parse_input(text, zone)


def to_input(dt: datetime | None, zone: str) -> str:
    """A stored time as a `datetime-local` value in the viewer's zone."""
    return local_time.to_input(dt, zone)


def form_text(form: dict, key: str, limit: int) -> str:
    """What the page sent for `key` as text, cut one past the service's limit (so the service still
    names the limit) or, where the service has none, at `limit`."""
    return str(form.get(key) or "")[:limit]


def staff_community(actor: Actor) -> int:
    """The community a staff member works on (staff of exactly one community have it on their Actor)."""
    if actor.community_id is None:
        raise ServiceError("Your account is not linked to one community's property office.")
    return actor.community_id


def status_label(status: str) -> str:
    """A work order's status as staff and residents read it."""
    return workorders.LABELS.get(status, status)


def ticket_rows(views, zone: str) -> tuple[list[dict[str, str]], dict[str, list[dict[str, str]]]]:
    rows = [{"id": str(t.id), "kind": t.kind, "subject": t.subject, "status": t.status, "resident": t.resident,
             "unit": t.unit, "updated": when(t.updated_at, zone)} for t in views]
    msgs = {str(t.id): [{"author": m.author, "staff": "1" if m.from_staff else "", "body": m.body, "at": when(m.at, zone)}
                        for m in t.messages] for t in views}
    return rows, msgs
