"""Reading work orders: a household's, a worker's, the community's, the overdue list, the CSV export."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from community_hub.core import change_rings, prebuilt
from community_hub.core.csv_export import headers, to_csv, yes_no
from community_hub.core.errors import PermissionDenied
from community_hub.core.i18n import N_
from community_hub.core.permissions import Actor, require_resident, require_staff_of
from community_hub.models import Household, User
from community_hub.models.base import utcnow
from community_hub.models.workorders import (
    MaintenanceWorker,
    WorkOrder,
    WorkOrderCategory,
    WorkOrderEvent,
    WorkOrderPhoto,
    WorkOrderStatus,
)
from community_hub.property.workorders.helpers import _load
from community_hub.property.workorders.rules import OPEN, TimelineRow, WorkOrderView


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


def my_open_repairs(db: Session, actor: Actor) -> list[tuple[int, str, str]]:
    """(id, category, status) of the household's repairs not yet confirmed or cancelled, newest
    first, in one query: what the home page shows (the full list reads each order's photos,
    household and worker)."""
    require_resident(actor)
    if actor.household_id is None:
        return []
    return [tuple(row) for row in prebuilt.rows(db, _OPEN_REPAIRS, household_id=actor.household_id)]


_OPEN_REPAIRS = (select(WorkOrder.id, WorkOrderCategory.name, WorkOrder.status)
                 .join(WorkOrderCategory, WorkOrderCategory.id == WorkOrder.category_id)
                 .where(WorkOrder.household_id == bindparam("household_id"),
                        WorkOrder.status.not_in([WorkOrderStatus.CONFIRMED, WorkOrderStatus.CANCELLED]))
                 .order_by(WorkOrder.id.desc()))  # core/prebuilt.py: the home page reads it


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
    header = headers(N_("id"), N_("status"), N_("category"), N_("building"), N_("unit"), N_("location"),
                     N_("description"), N_("worker"), N_("created_at"), N_("due_at"), N_("overdue"), N_("visits"),
                     N_("rating"))
    rows = [[v.id, v.status, v.category, v.building, v.unit, v.location, v.description, v.worker_name or "",
             v.created_at.isoformat(), v.due_at.isoformat(), yes_no(v.overdue), v.visits,
             v.rating if v.rating is not None else ""]
            for v in sorted(list_work_orders(db, actor, community_id, now=now), key=lambda v: v.id)]
    return to_csv(header, rows)  # residents typed the location and description: kept as text


def resident_contacts(db: Session, actor: Actor, order_ids: list[int]) -> dict[int, tuple[str, str]]:
    """order id -> (the reporting resident's name, phone), for the orders dispatched to this worker
    only: a worker on the way needs to reach the household; nobody else gets the number here."""
    if not actor.is_authenticated or not order_ids:
        return {}
    rows = db.exec(select(WorkOrder.id, User.display_name, User.phone)
                   .join(MaintenanceWorker, MaintenanceWorker.id == WorkOrder.worker_id)
                   .join(User, User.id == WorkOrder.reporter_user_id)
                   .where(MaintenanceWorker.user_id == actor.user_id, WorkOrder.id.in_(order_ids))).all()
    return {oid: (name, phone or "") for oid, name, phone in rows}


def work_order_version(db: Session, actor: Actor, wo_id: int) -> tuple:
    """What moves when anyone changes the order (a move, a dispatch, photos): an open repair page
    polls this cheaply and re-reads the order only when it changes. Same visibility as the order."""
    wo, _ = _load(db, actor, wo_id)
    last_event = db.exec(select(func.max(WorkOrderEvent.id)).where(WorkOrderEvent.work_order_id == wo_id)).one()
    photos = db.exec(select(func.count()).select_from(WorkOrderPhoto)
                     .where(WorkOrderPhoto.work_order_id == wo_id)).one()
    return wo.status, wo.worker_id or 0, last_event or 0, photos, wo.updated_at.isoformat()


def work_order_keys(db: Session, actor: Actor, wo_id: int) -> tuple[list, None]:
    """The change bell's keys for `work_order_version` (core/change_rings.py), same visibility: the
    order, its timeline and photos, and its worker's row (whose login may see it); nothing scheduled."""
    wo, _ = _load(db, actor, wo_id)
    keys = [change_rings.key_of(WorkOrder, "id", wo.id), change_rings.key_of(WorkOrderEvent, "work_order_id", wo.id),
            change_rings.key_of(WorkOrderPhoto, "work_order_id", wo.id)]
    if wo.worker_id:
        keys.append(change_rings.key_of(MaintenanceWorker, "id", wo.worker_id))
    return keys, None


def my_work_orders_version(db: Session, actor: Actor) -> tuple:
    """(how many, newest id, last change) of the resident's household orders, for the live list."""
    require_resident(actor)
    if not actor.household_id:
        return 0, 0, ""
    count, newest, changed = db.exec(select(func.count(), func.max(WorkOrder.id), func.max(WorkOrder.updated_at))
                                     .where(WorkOrder.household_id == actor.household_id)).one()
    return count, newest or 0, changed.isoformat() if changed else ""


def my_work_orders_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's key for `my_work_orders_version`: any order of the household written."""
    require_resident(actor)
    return ([change_rings.key_of(WorkOrder, "household_id", actor.household_id)] if actor.household_id else []), None
