"""What the moves and the readers share: loading an order for whoever may see it, the timeline entry, telling the household and the worker."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from community_hub.core import uploads
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission
from community_hub.models.base import utcnow
from community_hub.models.workorders import (
    MaintenanceWorker,
    WorkOrder,
    WorkOrderCategory,
    WorkOrderEvent,
    WorkOrderPhoto,
)
from community_hub.notify import outbox
from community_hub.property.workorders.rules import (
    LABELS,
    MAX_PHOTOS,
    RESIDENT,
    ROLE_WORDS,
    STAFF,
    TRANSITIONS,
    WORKER,
)


def _roles_on(db: Session, actor: Actor, wo: WorkOrder) -> set[str]:
    roles = set()
    if not actor.is_authenticated:
        return roles
    if actor.holds(AdminPermission.SUPER) or actor.is_staff_of(wo.community_id):
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
        raise NotFound(phrase("work order"))
    return wo, roles


def _check_photos(photos: list[tuple[str, bytes]]) -> None:
    if len(photos) > MAX_PHOTOS:
        raise ServiceError(phrase("Add at most {count} photos.", count=MAX_PHOTOS))
    uploads.check_images(photos)


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
        raise ServiceError(phrase("A work order that is {now} cannot become {to}.", now=LABELS.get(wo.status, wo.status),
                                  to=LABELS.get(to, to)), code="bad_transition")
    acting = [r for r in (WORKER, RESIDENT, STAFF) if r in roles and r in allowed]
    if not acting:
        who = [ROLE_WORDS.get(r, r) for r in sorted(allowed)]
        if len(who) == 1:
            raise PermissionDenied(phrase("Only the {role} can mark this work order {to}.", role=who[0],
                                          to=LABELS.get(to, to)))
        raise PermissionDenied(phrase("Only the {role} or {other} can mark this work order {to}.", role=who[0],
                                      other=" or ".join(who[1:]), to=LABELS.get(to, to)))
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
