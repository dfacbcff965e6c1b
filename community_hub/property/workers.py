"""The community's maintenance workers, for the staff dispatch screen.

(Belongs next to `add_worker` in services/workorders.py; kept apart only because that file has
another owner while the screens are built.)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.permissions import Actor, require_staff_of
from community_hub.models.workorders import MaintenanceWorker


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
