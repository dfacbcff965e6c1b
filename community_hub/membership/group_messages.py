"""Staff (and admins) write to a group of cardholders: a community, a district, a city or an
ID-prefix group of a programme (membership/priority.py). Each member gets it in the app's inbox,
in priority order; staff reach only the members of their own communities."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_role,
)
from community_hub.core.rows import get_or_not_found
from community_hub.membership import priority
from community_hub.membership.common import audit, text
from community_hub.models import Role, User
from community_hub.models.membership import Cardholding, CardProgramme, HoldingState
from community_hub.notify.outbox import notify_user

MAX_TITLE = 120
MAX_BODY = 2000


def message_group(db: Session, actor: Actor, programme_id: int, kind: str, name: str, title: str, body: str) -> int:
    """Send `title` and `body` to every active cardholder of the group the actor may reach; returns
    how many got it. Nobody reachable is refused (nothing sent)."""
    require_role(actor, Role.PROPERTY_STAFF, Role.PLATFORM_ADMIN)  # an admin: the permission below
    if actor.is_admin:  # an admin writes to any group: customer service's job in the back office
        require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    prog = get_or_not_found(db, CardProgramme, programme_id, phrase("programme"))
    title = text(title, N_("title"), MAX_TITLE)
    body = text(body, N_("message"), MAX_BODY)
    members = priority.members_of(db, prog.id, kind, str(name or "")[:80])
    if not actor.is_admin:
        mine = set(db.exec(select(Cardholding.user_id).where(
            Cardholding.programme_id == prog.id, Cardholding.state == HoldingState.ACTIVE,
            Cardholding.community_id.in_(list(actor.staff_community_ids)))).all())
        members = [uid for uid in members if uid in mine]
    if not members:
        raise ServiceError(phrase("No cardholder of yours is in that group."), code="empty_group")
    sender = db.get(User, actor.user_id).display_name
    group = f"{prog.name} · {name}"
    for uid in members:
        notify_user(db, uid, "cardholder_group_message", link="/me/card", sender=sender, title=title, body=body,
                    group=group)
    audit(db, actor, "membership.group_message", f"programme:{prog.id}", f"{kind}:{name} ({len(members)}) {title}")
    return len(members)
