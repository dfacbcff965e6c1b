"""Repair work orders: one state machine, with who may make each move.

reported -> triaged -> dispatched -> accepted -> on_the_way -> in_progress -> done -> confirmed,
done -> reopened (follow-up visit) -> dispatched again; cancelled before the work starts.
Residents act on their household's orders, staff on their community's, a worker only on orders
dispatched to them (checked by the worker's linked user id). Every move writes a timeline event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from community_hub.core import uploads
from community_hub.core.csv_export import to_csv
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.permissions import Actor, require_resident, require_staff_of
from community_hub.models import Household, User
from community_hub.models.base import utcnow
from community_hub.models.workorders import (
    MaintenanceWorker,
    WorkOrder,
    WorkOrderCategory,
    WorkOrderEvent,
    WorkOrderPhoto,
)
from community_hub.models.workorders import WorkOrderStatus as S
from community_hub.notify import outbox

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
LABELS = {S.ON_THE_WAY: "on the way", S.IN_PROGRESS: "in progress"}


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


# ---------------------------------------------------------------- setup: categories and workers


def add_category(db: Session, actor: Actor, community_id: int, name: str, sla_hours: int) -> WorkOrderCategory:
    """Staff add a repair category with its SLA (hours from report to done)."""
    require_staff_of(actor, community_id)
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ServiceError("Give the category a name (at most 60 characters).")
    if not isinstance(sla_hours, int) or not 1 <= sla_hours <= 24 * 60:
        raise ServiceError("The SLA is a whole number of hours between 1 and 1440.")
    if db.exec(select(WorkOrderCategory).where(WorkOrderCategory.community_id == community_id,
                                               WorkOrderCategory.name == name)).first():
        raise ServiceError(f"There is already a category called {name}.")
    cat = WorkOrderCategory(community_id=community_id, name=name, sla_hours=sla_hours)
    db.add(cat)
    db.flush()
    return cat


def list_categories(db: Session, community_id: int) -> list[WorkOrderCategory]:
    return list(db.exec(select(WorkOrderCategory).where(WorkOrderCategory.community_id == community_id)
                        .order_by(WorkOrderCategory.name)).all())


def add_worker(db: Session, actor: Actor, community_id: int, name: str, phone: str = "",
               user_id: int | None = None) -> MaintenanceWorker:
    """Staff register a maintenance worker, optionally linked to a login so they can update orders."""
    require_staff_of(actor, community_id)
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ServiceError("Give the worker's name (at most 80 characters).")
    if user_id is not None and db.get(User, user_id) is None:
        raise ServiceError("That user account does not exist.")
    w = MaintenanceWorker(community_id=community_id, name=name, phone=phone.strip(), user_id=user_id)
    db.add(w)
    db.flush()
    return w


# ---------------------------------------------------------------- helpers


def _roles_on(db: Session, actor: Actor, wo: WorkOrder) -> set[str]:
    roles = set()
    if not actor.is_authenticated:
        return roles
    if actor.is_admin or actor.is_staff_of(wo.community_id):
        roles.add(STAFF)
    if actor.household_id is not None and actor.household_id == wo.household_id:
        roles.add(RESIDENT)
    if wo.worker_id is not None:
        worker = db.get(MaintenanceWorker, wo.worker_id)
        if worker and worker.user_id is not None and worker.user_id == actor.user_id:
            roles.add(WORKER)
    return roles


def _load(db: Session, actor: Actor, wo_id: int, *, lock: bool = False) -> tuple[WorkOrder, set[str]]:
    wo = db.get(WorkOrder, wo_id, with_for_update=lock)
    roles = _roles_on(db, actor, wo) if wo else set()
    if wo is None or not roles:
        raise NotFound("work order")
    return wo, roles


def _check_photos(photos: list[tuple[str, bytes]]) -> None:
    if len(photos) > MAX_PHOTOS:
        raise ServiceError(f"Add at most {MAX_PHOTOS} photos.")
    for name, data in photos:
        try:
            uploads.check_upload(data, allowed=uploads.IMAGE_KINDS)
        except ServiceError as exc:
            raise ServiceError(f"{name}: {exc.message}") from None


def _store_photos(db: Session, wo: WorkOrder, photos: list[tuple[str, bytes]], stage: str, user_id: int) -> None:
    for name, data in photos:
        stored = uploads.store_upload(data, name, allowed=uploads.IMAGE_KINDS)
        db.add(WorkOrderPhoto(work_order_id=wo.id, stage=stage, path=stored.path, original_name=stored.original_name,
                              content_type=stored.content_type, size=stored.size, uploaded_by=user_id))


def _notify_resident(db: Session, wo: WorkOrder, note: str) -> None:
    cat = db.get(WorkOrderCategory, wo.category_id)
    outbox.notify_user(db, wo.reporter_user_id, "workorder_status", link=f"/repairs/{wo.id}", number=wo.id,
                       category=cat.name, status=LABELS.get(wo.status, str(wo.status)),
                       note=f" {note}" if note else "")


def _transition(db: Session, actor: Actor, wo: WorkOrder, roles: set[str], to: str, note: str = "",
                now: datetime | None = None) -> str:
    allowed = TRANSITIONS.get((wo.status, to))
    if allowed is None:
        raise ServiceError(f"A work order that is {LABELS.get(wo.status, wo.status)} cannot become "
                           f"{LABELS.get(to, to)}.", code="bad_transition")
    acting = [r for r in (WORKER, RESIDENT, STAFF) if r in roles and r in allowed]
    if not acting:
        raise PermissionDenied(f"Only the {' or '.join(sorted(allowed))} can mark this work order "
                               f"{LABELS.get(to, to)}.")
    now = now or utcnow()
    db.add(WorkOrderEvent(work_order_id=wo.id, from_status=wo.status, to_status=to, actor_user_id=actor.user_id,
                          actor_role=acting[0], note=note.strip()[:1000], at=now))
    wo.status = to
    wo.updated_at = now
    if acting[0] != RESIDENT:
        _notify_resident(db, wo, note.strip())
    return acting[0]


def allowed_moves(db: Session, actor: Actor, wo_id: int) -> list[str]:
    """The statuses this actor may move the order to now (the buttons a page shows)."""
    wo, roles = _load(db, actor, wo_id)
    return [to for (frm, to), who in TRANSITIONS.items() if frm == wo.status and who & roles]


# ---------------------------------------------------------------- the moves


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
    if worker.phone:
        outbox.enqueue(db, template="workorder_assigned", to=worker.phone, user_id=worker.user_id, **fields)
    if worker.user_id:
        outbox.notify_user(db, worker.user_id, "workorder_assigned", link=f"/repairs/{wo.id}", **fields)
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


# ---------------------------------------------------------------- reading


def _view(db: Session, wo: WorkOrder, now: datetime) -> WorkOrderView:
    cat = db.get(WorkOrderCategory, wo.category_id)
    h = db.get(Household, wo.household_id)
    worker = db.get(MaintenanceWorker, wo.worker_id) if wo.worker_id else None
    photos = db.exec(select(WorkOrderPhoto).where(WorkOrderPhoto.work_order_id == wo.id)
                     .order_by(WorkOrderPhoto.id)).all()
    return WorkOrderView(
        id=wo.id, status=wo.status, category=cat.name, location=wo.location, description=wo.description,
        preferred_time=wo.preferred_time, building=h.building, unit=h.unit,
        worker_name=worker.name if worker else None, created_at=wo.created_at, due_at=wo.due_at,
        overdue=wo.status in OPEN and wo.due_at < now, visits=wo.visits, rating=wo.rating,
        photos=[(p.stage, p.path) for p in photos],
    )


def get_work_order(db: Session, actor: Actor, wo_id: int, *, now: datetime | None = None) -> WorkOrderView:
    """One order for its household's residents, the community's staff or the assigned worker."""
    wo, _ = _load(db, actor, wo_id)
    return _view(db, wo, now or utcnow())


def timeline(db: Session, actor: Actor, wo_id: int) -> list[TimelineRow]:
    """Every step of the order, oldest first, with who made it."""
    _load(db, actor, wo_id)
    rows = db.exec(select(WorkOrderEvent, User.display_name).join(User, User.id == WorkOrderEvent.actor_user_id,
                                                                  isouter=True)
                   .where(WorkOrderEvent.work_order_id == wo_id).order_by(WorkOrderEvent.id)).all()
    return [TimelineRow(e.at, e.from_status, e.to_status, e.actor_role, name or "", e.note) for e, name in rows]


def list_my_work_orders(db: Session, actor: Actor, *, now: datetime | None = None) -> list[WorkOrderView]:
    """The resident's household orders, newest first."""
    require_resident(actor)
    rows = db.exec(select(WorkOrder).where(WorkOrder.household_id == actor.household_id)
                   .order_by(WorkOrder.id.desc())).all() if actor.household_id else []
    return [_view(db, w, now or utcnow()) for w in rows]


def list_worker_orders(db: Session, actor: Actor, *, now: datetime | None = None) -> list[WorkOrderView]:
    """Orders currently assigned to the worker linked to this login."""
    if not actor.is_authenticated:
        raise PermissionDenied("Please log in.")
    rows = db.exec(select(WorkOrder).join(MaintenanceWorker, MaintenanceWorker.id == WorkOrder.worker_id)
                   .where(MaintenanceWorker.user_id == actor.user_id, WorkOrder.status.in_(OPEN))
                   .order_by(WorkOrder.due_at)).all()
    return [_view(db, w, now or utcnow()) for w in rows]


def list_work_orders(db: Session, actor: Actor, community_id: int, *, status: str | None = None,
                     now: datetime | None = None) -> list[WorkOrderView]:
    """Staff: the community's orders, optionally one status, newest first."""
    require_staff_of(actor, community_id)
    stmt = select(WorkOrder).where(WorkOrder.community_id == community_id)
    if status:
        stmt = stmt.where(WorkOrder.status == status)
    return [_view(db, w, now or utcnow()) for w in db.exec(stmt.order_by(WorkOrder.id.desc())).all()]


def overdue(db: Session, actor: Actor, community_id: int, *, now: datetime | None = None) -> list[WorkOrderView]:
    """Staff: open orders past their SLA due time, most overdue first."""
    require_staff_of(actor, community_id)
    now = now or utcnow()
    rows = db.exec(select(WorkOrder).where(WorkOrder.community_id == community_id, WorkOrder.status.in_(OPEN),
                                           WorkOrder.due_at < now).order_by(WorkOrder.due_at)).all()
    return [_view(db, w, now) for w in rows]


def export_csv(db: Session, actor: Actor, community_id: int, *, now: datetime | None = None) -> str:
    """Staff: every order of the community as CSV (for spreadsheets and contractors)."""
    header = ["id", "status", "category", "building", "unit", "location", "description", "worker",
              "created_at", "due_at", "overdue", "visits", "rating"]
    rows = [[v.id, v.status, v.category, v.building, v.unit, v.location, v.description, v.worker_name or "",
             v.created_at.isoformat(), v.due_at.isoformat(), "yes" if v.overdue else "no", v.visits,
             v.rating if v.rating is not None else ""]
            for v in sorted(list_work_orders(db, actor, community_id, now=now), key=lambda v: v.id)]
    return to_csv(header, rows)  # residents typed the location and description: kept as text
