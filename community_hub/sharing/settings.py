"""The platform's sharing rules, set by admins: the fee on what owners earn and the post limit."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models.base import utcnow
from community_hub.models.sharing import SharingSettings


def current(db: Session) -> SharingSettings:
    """The settings in force (the defaults until an admin saved some: no fee, 20 active posts)."""
    return db.get(SharingSettings, 1) or SharingSettings(id=1)


def set_sharing_settings(db: Session, actor: Actor, *, fee_bps: int, max_active_posts: int) -> SharingSettings:
    require_admin_permission(actor, AdminPermission.FINANCE)
    if not isinstance(fee_bps, int) or isinstance(fee_bps, bool) or not 0 <= fee_bps <= 5000:
        raise ServiceError(phrase("The sharing fee is between 0% and 50%."))
    if not isinstance(max_active_posts, int) or isinstance(max_active_posts, bool) or not 1 <= max_active_posts <= 500:
        raise ServiceError(phrase("A member may have between 1 and 500 active posts."))
    row = db.get(SharingSettings, 1, with_for_update=True) or SharingSettings(id=1)
    row.fee_bps, row.max_active_posts, row.updated_at = fee_bps, max_active_posts, utcnow()
    db.add(row)
    db.flush()
    return row


def fee_of(db: Session, amount_minor: int) -> int:
    """The platform's sharing fee on `amount_minor`, rounded half up."""
    bps = current(db).fee_bps
    return (2 * amount_minor * bps + 10000) // 20000


def settings_for_admin(db: Session, actor: Actor) -> SharingSettings:
    """The settings as the admin's form shows them."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    return current(db)
