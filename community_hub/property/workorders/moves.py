"""The moves: report, triage, dispatch, the worker's steps, done with photos, confirm or reopen, cancel."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.permissions import Actor, require_resident
from community_hub.models.base import utcnow
from community_hub.models.workorders import (
    MaintenanceWorker,
    WorkOrder,
    WorkOrderCategory,
    WorkOrderEvent,
)
from community_hub.models.workorders import WorkOrderStatus as S
from community_hub.notify import outbox
from community_hub.property.workorders.helpers import (
    _check_photos,
    _load,
    _store_photos,
    _transition,
)
from community_hub.property.workorders.rules import RESIDENT, STAFF


def report_work_order(db: Session, actor: Actor, *, category_id: int, location: str, description: str,
                      preferred_time: str = "", photos: list[tuple[str, bytes]] | None = None,
                      now: datetime | None = None) -> WorkOrder:
    """A resident reports a repair for their household (photos: (file name, bytes), images only)."""
    require_resident(actor)
    if actor.household_id is None:
        raise ServiceError("Only residents placed in a household can report repairs.")
    photos = photos or []
    cat = db.get(WorkOrderCategory, category_id)
    if cat is None or cat.community_id != actor.community_id:
        raise ServiceError("Choose a repair category.")
    location, description = (location or "").strip(), (description or "").strip()
    if not location or len(location) > 120:
        raise ServiceError("Say where the problem is (at most 120 characters).")
    if not description or len(description) > 2000:
        raise ServiceError("Describe the problem (at most 2000 characters).")
    if len(preferred_time) > 120:
        raise ServiceError("The preferred time is too long (at most 120 characters).")
    _check_photos(photos)
    now = now or utcnow()
    wo = WorkOrder(community_id=cat.community_id, household_id=actor.household_id, reporter_user_id=actor.user_id,
                   category_id=cat.id, location=location, description=description,
                   preferred_time=preferred_time.strip(), created_at=now, updated_at=now,
                   due_at=now + timedelta(hours=cat.sla_hours))
    db.add(wo)
    db.flush()
    db.add(WorkOrderEvent(work_order_id=wo.id, to_status=S.REPORTED, actor_user_id=actor.user_id,
                          actor_role=RESIDENT, at=now))
    _store_photos(db, wo, photos, S.REPORTED, actor.user_id)
    db.flush()
    return wo


def triage(db: Session, actor: Actor, wo_id: int, *, category_id: int | None = None, note: str = "",
           now: datetime | None = None) -> WorkOrder:
    """Staff review a report, optionally correcting its category (the SLA follows the category)."""
    wo, roles = _load(db, actor, wo_id, lock=True)
    if category_id is not None and STAFF in roles:
        cat = db.get(WorkOrderCategory, category_id)
        if cat is None or cat.community_id != wo.community_id:
            raise ServiceError("Choose a repair category.")
        wo.category_id = cat.id
        wo.due_at = wo.created_at + timedelta(hours=cat.sla_hours)
    _transition(db, actor, wo, roles, S.TRIAGED, note, now)
    return wo


def dispatch(db: Session, actor: Actor, wo_id: int, worker_id: int, *, note: str = "",
             now: datetime | None = None) -> WorkOrder:
    """Staff send a worker (first visit, or a follow-up after the resident reopened it)."""
    wo, roles = _load(db, actor, wo_id, lock=True)
    worker = db.get(MaintenanceWorker, worker_id)
    if worker is None or worker.community_id != wo.community_id or not worker.active:
        raise ServiceError("Choose an active worker of this community.")
    _transition(db, actor, wo, roles, S.DISPATCHED, note or f"Assigned to {worker.name}", now)
    wo.worker_id = worker.id
    cat = db.get(WorkOrderCategory, wo.category_id)
    fields = dict(number=wo.id, category=cat.name, location=wo.location)
    # The worker's own phone for the SMS; the channels as the admin's matrix says (notify/step_channels).
    if worker.user_id:
        outbox.notify_user(db, worker.user_id, "workorder_assigned", link=f"/repairs/{wo.id}", side="staff",
                           sms_to=worker.phone or "", **fields)
    else:
        outbox.notify_phone(db, "workorder_assigned", "staff", worker.phone or "", **fields)
    return wo


def worker_update(db: Session, actor: Actor, wo_id: int, to_status: str, *, note: str = "",
                  photos: list[tuple[str, bytes]] | None = None, now: datetime | None = None) -> WorkOrder:
    """The assigned worker moves the order on: accepted, on_the_way, in_progress, done (with photos),
    or back to triaged to decline it."""
    photos = photos or []
    wo, roles = _load(db, actor, wo_id, lock=True)
    if to_status not in (S.ACCEPTED, S.ON_THE_WAY, S.IN_PROGRESS, S.DONE, S.TRIAGED):
        raise ServiceError("A worker can accept, set off, start, finish or decline a work order.")
    _check_photos(photos)
    now = now or utcnow()
    _transition(db, actor, wo, roles, to_status, note, now)
    if to_status == S.DONE:
        wo.done_at = now
    if to_status == S.TRIAGED:
        wo.worker_id = None
    _store_photos(db, wo, photos, to_status, actor.user_id)
    db.flush()
    return wo


def confirm(db: Session, actor: Actor, wo_id: int, rating: int, comment: str = "",
            now: datetime | None = None) -> WorkOrder:
    """The resident confirms the repair and rates it 1 to 5."""
    wo, roles = _load(db, actor, wo_id, lock=True)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ServiceError("Rate the repair from 1 to 5 stars.")
    if len(comment) > 1000:
        raise ServiceError("The comment is too long (at most 1000 characters).")
    now = now or utcnow()
    _transition(db, actor, wo, roles, S.CONFIRMED, comment, now)
    wo.rating, wo.rating_comment, wo.closed_at = rating, comment.strip(), now
    return wo


def reopen(db: Session, actor: Actor, wo_id: int, reason: str, now: datetime | None = None) -> WorkOrder:
    """The resident is not happy with the repair: a follow-up visit is needed (the SLA restarts)."""
    wo, roles = _load(db, actor, wo_id, lock=True)
    if not (reason or "").strip():
        raise ServiceError("Say what is still wrong so the follow-up visit can fix it.")
    now = now or utcnow()
    _transition(db, actor, wo, roles, S.REOPENED, reason, now)
    cat = db.get(WorkOrderCategory, wo.category_id)
    wo.visits += 1
    wo.done_at = None
    wo.due_at = now + timedelta(hours=cat.sla_hours)
    return wo


def cancel(db: Session, actor: Actor, wo_id: int, reason: str = "", now: datetime | None = None) -> WorkOrder:
    """Resident (before dispatch) or staff (before work starts) cancel the order."""
    wo, roles = _load(db, actor, wo_id, lock=True)
    now = now or utcnow()
    _transition(db, actor, wo, roles, S.CANCELLED, reason, now)
    wo.closed_at = now
    return wo
