"""Which of a community's notices, events and channels a visitor who is not logged in may read
(its public front, site/public_pages.py). Property staff of that community decide (platform admins
for any); everything starts residents-only."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models.channels import InfoChannel
from community_hub.models.events import CommunityEvent
from community_hub.models.notices import Notice

KINDS = {"notice": (Notice, "notice"), "event": (CommunityEvent, "event"), "channel": (InfoChannel, "channel")}


def set_public(db: Session, actor: Actor, kind: str, row_id: int, public: bool) -> bool:
    """Show (or stop showing) one notice, event or channel on the community's public site."""
    if kind not in KINDS:
        raise ServiceError(phrase("Only notices, events and channels can be made public."), code="bad_kind")
    model, what = KINDS[kind]
    row = get_or_not_found(db, model, row_id, phrase(what), lock=True)
    require_staff_of(actor, row.community_id)
    row.public = bool(public)
    db.add(row)
    return row.public


def is_public(db: Session, actor: Actor, kind: str, row_id: int) -> bool:
    if kind not in KINDS:
        raise ServiceError(phrase("Only notices, events and channels can be made public."), code="bad_kind")
    model, what = KINDS[kind]
    row = get_or_not_found(db, model, row_id, phrase(what))
    require_staff_of(actor, row.community_id)
    return bool(row.public)
