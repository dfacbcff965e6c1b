"""A work order's statuses, their labels, who may move it where, and the SLA clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from community_hub.core.i18n import phrase
from community_hub.models.workorders import WorkOrderStatus as S

RESIDENT, STAFF, WORKER = "resident", "staff", "worker"
MAX_PHOTOS = 6

# (from, to) -> roles that may make the move.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.REPORTED, S.TRIAGED): frozenset({STAFF}),
    (S.REPORTED, S.CANCELLED): frozenset({RESIDENT, STAFF}),
    (S.TRIAGED, S.DISPATCHED): frozenset({STAFF}),
    (S.TRIAGED, S.CANCELLED): frozenset({RESIDENT, STAFF}),
    (S.DISPATCHED, S.ACCEPTED): frozenset({WORKER}),
    (S.DISPATCHED, S.TRIAGED): frozenset({WORKER, STAFF}),  # worker declines / staff recalls
    (S.DISPATCHED, S.CANCELLED): frozenset({STAFF}),
    (S.ACCEPTED, S.ON_THE_WAY): frozenset({WORKER}),
    (S.ACCEPTED, S.CANCELLED): frozenset({STAFF}),
    (S.ON_THE_WAY, S.IN_PROGRESS): frozenset({WORKER}),
    (S.IN_PROGRESS, S.DONE): frozenset({WORKER}),
    (S.DONE, S.CONFIRMED): frozenset({RESIDENT}),
    (S.DONE, S.REOPENED): frozenset({RESIDENT}),
    (S.REOPENED, S.DISPATCHED): frozenset({STAFF}),
    (S.REOPENED, S.CANCELLED): frozenset({STAFF}),
}
OPEN = (S.REPORTED, S.TRIAGED, S.DISPATCHED, S.ACCEPTED, S.ON_THE_WAY, S.IN_PROGRESS, S.REOPENED)
# Each status as people read it (its code with spaces), in the reader's language.
LABELS = {
    S.REPORTED: phrase("reported"), S.TRIAGED: phrase("triaged"), S.DISPATCHED: phrase("dispatched"),
    S.ACCEPTED: phrase("accepted"), S.ON_THE_WAY: phrase("on the way"), S.IN_PROGRESS: phrase("in progress"),
    S.DONE: phrase("done"), S.CONFIRMED: phrase("confirmed"), S.REOPENED: phrase("reopened"),
    S.CANCELLED: phrase("cancelled"),
}
# Who may move a work order, in a sentence ("Only the worker can mark this work order done.").
ROLE_WORDS = {RESIDENT: phrase("resident"), STAFF: phrase("staff"), WORKER: phrase("worker")}


@dataclass(frozen=True)
class TimelineRow:
    at: datetime
    from_status: str | None
    to_status: str
    actor_role: str
    actor_name: str
    note: str


@dataclass(frozen=True)
class WorkOrderView:
    id: int
    status: str
    category: str
    location: str
    description: str
    preferred_time: str
    building: str
    unit: str
    worker_name: str | None
    created_at: datetime
    due_at: datetime
    overdue: bool
    visits: int
    rating: int | None
    photos: list[tuple[str, str]]  # (stage, stored path)
