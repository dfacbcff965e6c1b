"""Who in the back office holds which sub-role (issue 18): a super admin grants and withdraws
finance, review, customer service, content and super to platform admins; every change is audited.

The rule for an admin with no sub-role is in core/permissions.AdminPermission: they hold nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    PERMISSION_WORDS,
    Actor,
    AdminPermission,
    require_admin_permission,
)
from community_hub.models import AuditEntry, Role, User, UserRole
from community_hub.models.admin_roles import AdminSubRole


@dataclass(frozen=True)
class AdminRow:
    user_id: int
    display_name: str
    email: str
    permissions: list[str]  # AdminPermission values, in AdminPermission.ALL order


def admin_staff(db: Session, actor: Actor) -> list[AdminRow]:
    """Every platform admin with the sub-roles they hold, by name."""
    require_admin_permission(actor, AdminPermission.SUPER)
    admins = db.exec(select(User).where(User.id.in_(
        select(UserRole.user_id).where(UserRole.role == Role.PLATFORM_ADMIN)))).all()
    held: dict[int, set[str]] = {}
    for row in db.exec(select(AdminSubRole)).all():
        held.setdefault(row.user_id, set()).add(row.permission)
    rows = [AdminRow(u.id, u.display_name, u.email or u.phone or "",
                     [p for p in AdminPermission.ALL if p in held.get(u.id, set())]) for u in admins]
    return sorted(rows, key=lambda r: (r.display_name.lower(), r.user_id))


def set_sub_role(db: Session, actor: Actor, user_id: int, permission: str, held: bool) -> list[str]:
    """Grant (`held`) or withdraw one sub-role of a platform admin; returns what they hold after.
    Refused: someone who is not a platform admin, an unknown sub-role, and withdrawing the last
    super admin's super (nobody could then give anyone a sub-role again)."""
    require_admin_permission(actor, AdminPermission.SUPER)
    if permission not in AdminPermission.ALL:
        raise ServiceError(phrase("There is no such back-office role."))
    user = db.get(User, user_id)
    is_admin = user is not None and db.exec(select(UserRole.id).where(
        UserRole.user_id == user_id, UserRole.role == Role.PLATFORM_ADMIN)).first() is not None
    if not is_admin:
        raise NotFound(phrase("platform admin"))
    # Locked: two super admins withdrawing each other's super at once cannot both pass the count.
    supers = db.exec(select(AdminSubRole).where(AdminSubRole.permission == AdminPermission.SUPER)
                     .with_for_update()).all()
    row = db.exec(select(AdminSubRole).where(AdminSubRole.user_id == user_id,
                                             AdminSubRole.permission == permission)).first()
    word = PERMISSION_WORDS[permission]
    if held and row is None:
        db.add(AdminSubRole(user_id=user_id, permission=permission, granted_by=actor.user_id))
        _audit(db, actor, "admin.sub_role.grant", user_id, permission)
    elif not held and row is not None:
        if permission == AdminPermission.SUPER and len(supers) <= 1:
            raise ServiceError(phrase("{name} is the last super admin; make someone else super admin first.",
                                      name=user.display_name))
        db.delete(row)
        _audit(db, actor, "admin.sub_role.withdraw", user_id, permission)
    elif held:
        raise ServiceError(phrase("{name} already holds the {role} role.", name=user.display_name, role=word))
    else:
        raise ServiceError(phrase("{name} does not hold the {role} role.", name=user.display_name, role=word))
    db.flush()
    now = set(db.exec(select(AdminSubRole.permission).where(AdminSubRole.user_id == user_id)).all())
    return [p for p in AdminPermission.ALL if p in now]


def make_super_admin(db: Session, email: str) -> str:
    """The operator's way in for a deployment's first admin (`python -m community_hub.manage
    super-admin EMAIL`, run on the server): that account becomes a platform admin holding super."""
    user = db.exec(select(User).where(func.lower(User.email) == email.strip().lower())).first()
    if user is None:
        raise ServiceError(phrase("There is no account with the address {email}.", email=email.strip()))
    if db.exec(select(UserRole.id).where(UserRole.user_id == user.id, UserRole.role == Role.PLATFORM_ADMIN)).first() is None:
        db.add(UserRole(user_id=user.id, role=Role.PLATFORM_ADMIN))
    if db.exec(select(AdminSubRole.id).where(AdminSubRole.user_id == user.id,
                                             AdminSubRole.permission == AdminPermission.SUPER)).first() is None:
        db.add(AdminSubRole(user_id=user.id, permission=AdminPermission.SUPER))
        db.add(AuditEntry(actor_user_id=None, action="admin.sub_role.grant", subject=f"user:{user.id}",
                          detail=AdminPermission.SUPER))
    db.flush()
    return user.display_name


def _audit(db: Session, actor: Actor, action: str, user_id: int, detail: str) -> None:
    db.add(AuditEntry(actor_user_id=actor.user_id, action=action, subject=f"user:{user_id}", detail=detail))
