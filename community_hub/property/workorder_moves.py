"""Which service a move on a work order's page means, for the person making it. The same button
("back to triage") is a worker declining a job or staff re-triaging it; the Actor decides, not
the page."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.models import Role
from community_hub.property import workorders

WORKER_MOVES = ("accepted", "on_the_way", "in_progress")
DONE_MESSAGES = {"triaged": phrase("Triaged."), "cancelled": phrase("Cancelled."),
                 "reopened": phrase("Reopened: the office will send someone back."),
                 "declined": phrase("You declined the job; the office will send someone else.")}


def make_move(db: Session, actor: Actor, wo_id: int, to: str, note: str = "") -> str:
    """Make the move; returns what to tell the person. Each service checks the actor again."""
    if to in WORKER_MOVES:
        workorders.worker_update(db, actor, wo_id, to, note=note)
        return phrase("Marked {status}.", status=workorders.LABELS.get(to, to))
    if to == "triaged":
        staff = bool({Role.PROPERTY_STAFF, Role.PLATFORM_ADMIN} & actor.roles)
        if not staff and workorders.get_work_order(db, actor, wo_id).status == "dispatched":
            workorders.worker_update(db, actor, wo_id, "triaged", note=note)
            return DONE_MESSAGES["declined"]
        workorders.triage(db, actor, wo_id, note=note)
        return DONE_MESSAGES["triaged"]
    if to == "cancelled":
        workorders.cancel(db, actor, wo_id, note)
        return DONE_MESSAGES["cancelled"]
    if to == "reopened":
        workorders.reopen(db, actor, wo_id, note)
        return DONE_MESSAGES["reopened"]
    raise ServiceError("That move is not possible from here.")
