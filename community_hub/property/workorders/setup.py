"""Setting up: repair categories with their SLA, and the community's workers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.models import User
from community_hub.models.workorders import (
    MaintenanceWorker,
    WorkOrderCategory,
)


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
        raise ServiceError(phrase("There is already a category called {name}.", name=name))
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
    phone = (phone or "").strip()
    if len(phone) > 20:  # the column holds 20: a longer one would fail in the database, not here
        raise ServiceError("The phone number is too long (at most 20 characters).")
    if user_id is not None and db.get(User, user_id) is None:
        raise ServiceError("That user account does not exist.")
    w = MaintenanceWorker(community_id=community_id, name=name, phone=phone, user_id=user_id)
    db.add(w)
    db.flush()
    return w


@dataclass(frozen=True)
class WorkerRow:
    id: int
    name: str
    phone: str
    has_login: bool


def list_workers(db: Session, actor: Actor, community_id: int) -> list[WorkerRow]:
    """Staff: the community's active workers by name (the people a work order can be dispatched to)."""
    require_staff_of(actor, community_id)
    rows = db.exec(select(MaintenanceWorker).where(MaintenanceWorker.community_id == community_id,
                                                   MaintenanceWorker.active).order_by(MaintenanceWorker.name)).all()
    return [WorkerRow(w.id, w.name, w.phone, w.user_id is not None) for w in rows]
