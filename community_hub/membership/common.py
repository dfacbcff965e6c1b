"""What the membership modules share: the audit entry, text limits, the system actor."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.models import AuditEntry
from community_hub.payments.common import SYSTEM, require_admin_or_system

__all__ = ["SYSTEM", "audit", "require_admin_or_system", "text"]


def audit(db: Session, actor: Actor, action: str, subject: str, detail: str = "") -> None:
    db.add(AuditEntry(actor_user_id=actor.user_id, action=action, subject=subject, detail=detail[:500]))


def text(value: object, what: str, limit: int, *, required: bool = True) -> str:
    """A free-text field trimmed, required unless said otherwise, and at most `limit` characters."""
    s = " ".join(str(value or "").split())
    if required and not s:
        raise ServiceError(phrase("Enter the {what}.", what=phrase(what)))
    if len(s) > limit:
        raise ServiceError(phrase("The {what} can be at most {limit} characters.", what=phrase(what), limit=limit))
    return s
