"""Platform admins manage members: list, change roles, disable and re-enable accounts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from community_hub.accounts.auth import revoke_sessions
from community_hub.core.config import settings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.core.role_names import role_names
from community_hub.models import AuditEntry, OutboxMessage, Role, User, UserRole, UserStatus
from community_hub.models.base import utcnow
from community_hub.notify import outbox

ALL_ROLES = [r.value for r in Role]
SECRET_TEMPLATES = {"verify_code", "reset_code"}


@dataclass(frozen=True)
class UserRow:
    id: int
    display_name: str
    email: str
    phone: str
    status: str
    roles: list[str]
    created_at: str


def list_users(db: Session, actor: Actor, *, query: str = "", page: int = 1, page_size: int = 20) -> tuple[list[UserRow], int]:
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    cond = True
    if query.strip():
        like = f"%{query.strip().lower()}%"
        cond = or_(func.lower(User.email).like(like), User.phone.like(like), func.lower(User.display_name).like(like))
    total = db.exec(select(func.count()).select_from(User).where(cond)).one()
    users = db.exec(select(User).where(cond).order_by(User.id).offset((max(page, 1) - 1) * page_size).limit(page_size)).all()
    ids = [u.id for u in users]
    roles: dict[int, list[str]] = {i: [] for i in ids}
    for r in db.exec(select(UserRole).where(UserRole.user_id.in_(ids))).all() if ids else []:
        if r.role not in roles[r.user_id]:
            roles[r.user_id].append(r.role)
    return [
        UserRow(u.id, u.display_name, u.email or "", u.phone or "", u.status, sorted(roles[u.id]),
                u.created_at.strftime("%Y-%m-%d"))
        for u in users
    ], total


def _audit(db: Session, actor: Actor, action: str, user_id: int, detail: str) -> None:
    db.add(AuditEntry(actor_user_id=actor.user_id, action=action, subject=f"user:{user_id}", detail=detail))


def set_roles(db: Session, actor: Actor, user_id: int, roles: list[str], *, community_id: int | None = None,
              merchant_id: int | None = None) -> list[str]:
    """Replace the user's role set. Scoped roles keep their existing scope unless one is given."""
    require_admin_permission(actor, AdminPermission.SUPER)
    wanted = sorted(set(roles))
    unknown = [r for r in wanted if r not in ALL_ROLES]
    if unknown:
        raise ServiceError(phrase("Unknown role: {roles}.", roles=", ".join(unknown)))
    if not wanted:
        raise ServiceError("A member needs at least one role; disable the account instead.")
    user = db.get(User, user_id, with_for_update=True) or _raise_missing()
    if user_id == actor.user_id and Role.PLATFORM_ADMIN not in wanted:
        raise ServiceError("You cannot remove your own admin role.")
    current = db.exec(select(UserRole).where(UserRole.user_id == user.id)).all()
    keep_scope = {r.role: (r.community_id, r.merchant_id) for r in current}
    for r in current:
        if r.role not in wanted:
            db.delete(r)
    have = {r.role for r in current}
    for role in wanted:
        if role in have:
            continue
        c_id, m_id = keep_scope.get(role, (None, None))
        db.add(UserRole(user_id=user.id, role=role, community_id=community_id or c_id, merchant_id=merchant_id or m_id))
    # Kept as codes before and after ("resident → platform_admin,resident"): the log shows them by name.
    _audit(db, actor, "user.roles", user.id, f"{','.join(sorted(have)) or '-'} → {','.join(wanted)}")
    outbox.notify_user(db, user.id, "roles_changed", roles=role_names(wanted))
    return wanted


def _raise_missing() -> User:
    raise NotFound("member")


def disable_user(db: Session, actor: Actor, user_id: int, reason: str = "") -> None:
    """Disable the account and end every session it has, at once."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    if user_id == actor.user_id:
        raise ServiceError("You cannot disable your own account.")
    user = db.get(User, user_id, with_for_update=True) or _raise_missing()
    if user.status == UserStatus.DISABLED:
        raise ServiceError("This account is already disabled.")
    user.status = UserStatus.DISABLED
    user.disabled_at = utcnow()
    db.add(user)
    revoke_sessions(db, user.id)
    _audit(db, actor, "user.disable", user.id, reason.strip()[:200])
    if user.email:
        outbox.enqueue(db, template="account_disabled", to=user.email, user_id=user.id)


def enable_user(db: Session, actor: Actor, user_id: int) -> None:
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    user = db.get(User, user_id, with_for_update=True) or _raise_missing()
    if user.status != UserStatus.DISABLED:
        raise ServiceError("This account is not disabled.")
    user.status = UserStatus.ACTIVE if user.verified_at else UserStatus.PENDING
    user.disabled_at = None
    db.add(user)
    _audit(db, actor, "user.enable", user.id, "")


def list_outbox(db: Session, actor: Actor, *, page: int = 1, page_size: int = 25) -> tuple[list[OutboxMessage], int]:
    """Admins read the delivery queue. Codes are shown only in demo mode; in production nobody but
    the address owner may read them, so their bodies are hidden (the message itself is detached
    from the session first, so nothing hidden is written back)."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    total = db.exec(select(func.count()).select_from(OutboxMessage)).one()
    rows = list(db.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())
                        .offset((max(page, 1) - 1) * page_size).limit(page_size)).all())
    if not settings().demo_mode:
        for row in rows:
            if row.template in SECRET_TEMPLATES:
                db.expunge(row)
                row.body = "(hidden: contains a one-time code)"
                row.subject = row.subject.split(":")[0]
    return rows, total
