"""Who is asking (`Actor`) and the checks every service function makes itself.

Compiled pages are public and event handlers are callable by anyone with a socket, so the
service layer is where access is decided; pages only use the same answers to choose what to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, NotLoggedIn, PermissionDenied
from community_hub.core.i18n import phrase
from community_hub.models import (
    Community,
    Household,
    HouseholdMember,
    KioskDevice,
    Role,
    User,
    UserRole,
)
from community_hub.models.community_setup import StaffCommunityChoice
from community_hub.models.workorders import MaintenanceWorker

# Where each role lands after login, in order of precedence for users holding several roles.
ROLE_HOMES: list[tuple[str, str]] = [
    (Role.PLATFORM_ADMIN, "/admin"),
    (Role.PROPERTY_STAFF, "/property"),
    (Role.MERCHANT, "/merchant"),
    (Role.AGENT, "/agent"),
    (Role.RESIDENT, "/home"),
]


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    roles: frozenset[str] = frozenset()
    display_name: str = ""
    community_id: int | None = None  # the resident's (or kiosk's) community
    household_id: int | None = None
    merchant_ids: frozenset[int] = frozenset()
    staff_community_ids: frozenset[int] = frozenset()
    kiosk_code: str | None = None
    is_worker: bool = False  # linked to a maintenance worker: repairs dispatched to them
    session_id: int | None = None
    # IANA zone the person reads and types times in (their community's, else the deployment's).
    time_zone: str = "UTC"
    language: str = ""  # "en" or "zh" once chosen (core/i18n.py); "" follows the browser
    # A platform admin's back-office sub-roles (AdminPermission values; models/admin_roles.py).
    admin_permissions: frozenset[str] = frozenset()
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def has(self, role: str) -> bool:
        return role in self.roles

    def is_merchant_of(self, merchant_id: int) -> bool:
        return merchant_id in self.merchant_ids

    def is_staff_of(self, community_id: int) -> bool:
        return community_id in self.staff_community_ids

    @property
    def is_admin(self) -> bool:
        return Role.PLATFORM_ADMIN in self.roles

    def holds(self, permission: str) -> bool:
        """A platform admin whose sub-roles grant `permission` (super grants every one)."""
        if not self.is_admin:
            return False
        if permission == AdminPermission.ANY_ADMIN:
            return True
        return permission in self.admin_permissions or AdminPermission.SUPER in self.admin_permissions

    def home_path(self) -> str:
        if self.kiosk_code:
            return f"/kiosk/{self.kiosk_code}"
        for role, path in ROLE_HOMES:
            if role in self.roles:
                return path
        if self.is_worker:
            return "/worker"
        return "/account"  # a member with no role yet (e.g. all roles removed) still has a page


ANONYMOUS = Actor(user_id=None)


def require_user(actor: Actor) -> Actor:
    if not actor.is_authenticated:
        raise NotLoggedIn()
    return actor


# A role as the middle of a sentence ("Only a merchant can do that."), in the reader's language.
_ROLE_WORDS = {
    Role.RESIDENT: phrase("resident"),
    Role.MERCHANT: phrase("merchant"),
    Role.AGENT: phrase("agent"),
    Role.PROPERTY_STAFF: phrase("property staff"),
    Role.PLATFORM_ADMIN: phrase("platform admin"),
    Role.KIOSK: phrase("kiosk"),
}


def require_role(actor: Actor, *roles: str) -> Actor:
    """The actor holds at least one of `roles`; a platform admin passes in their place only as a
    super admin (admin_passes), and is told which back-office role it needs otherwise."""
    require_user(actor)
    if any(r in actor.roles for r in roles) or admin_passes(actor):
        return actor
    names = [_ROLE_WORDS.get(r) or r.replace("_", " ") for r in roles]
    if len(names) == 1:
        raise PermissionDenied(phrase("Only a {role} can do that.", role=names[0]))
    raise PermissionDenied(phrase("Only a {role} or {other} can do that.", role=names[0],
                                  other=" or ".join(names[1:])))


def require_admin(actor: Actor) -> Actor:
    require_user(actor)
    if not actor.is_admin:
        raise PermissionDenied("Only a platform admin can do that.")
    return actor


class AdminPermission:
    """The back office's permission sets (issue 18). A platform admin's sub-roles (rows of
    models/admin_roles.AdminSubRole, carried on the Actor) grant these; `SUPER` grants all. Every
    admin service names the one it needs through `require_admin_permission`.

    An admin with no sub-role holds none of them: they can open the admin home (which tells them
    to ask a super admin) and nothing else. The admin_sub_roles migration made every admin that
    existed then a super admin, the demo seed makes admin@demo.hub one, and a new deployment's first admin is made
    one on the server (`python -m community_hub.manage super-admin EMAIL`); everyone after is given
    sub-roles by a super admin on /admin/staff (accounts/admin_staff.py)."""

    FINANCE = "finance"  # payouts, fee ratios, reconciliation, points, programmes' fees
    REVIEW = "review"  # merchants, products, agents, review reports
    CUSTOMER_SERVICE = "customer_service"  # members, orders, refunds up to a limit (settings)
    CONTENT = "content"  # announcements, home curation, promotions, agreements
    SUPER = "super"  # everything, including who holds which permission

    ALL = (FINANCE, REVIEW, CUSTOMER_SERVICE, CONTENT, SUPER)
    # Not a sub-role: what every platform admin may do whatever they hold (their own home page's
    # counts). tests/unit/admin/test_permission_matrix.py lists the few services that use it.
    ANY_ADMIN = "any_admin"


# A permission as the middle of a sentence, in the reader's language.
PERMISSION_WORDS = {
    AdminPermission.FINANCE: phrase("finance"),
    AdminPermission.REVIEW: phrase("review"),
    AdminPermission.CUSTOMER_SERVICE: phrase("customer service"),
    AdminPermission.CONTENT: phrase("content"),
    AdminPermission.SUPER: phrase("super admin"),
}


def require_admin_permission(actor: Actor, permission: str) -> Actor:
    """The admin check every back-office service makes, naming the permission it needs: a platform
    admin whose sub-roles grant it (Actor.holds); anyone else is refused with a readable message."""
    require_admin(actor)
    if permission != AdminPermission.ANY_ADMIN and permission not in AdminPermission.ALL:
        raise ValueError(f"unknown admin permission {permission!r}")  # a typo in a service, not input
    if not actor.holds(permission):
        raise PermissionDenied(phrase("That needs the {permission} back-office role; ask a super admin.",
                                      permission=PERMISSION_WORDS[permission]))
    return actor


def admin_passes(actor: Actor, permission: str = AdminPermission.SUPER) -> bool:
    """Whether a platform admin may act in a shop's, a community's or an agent's place: only with
    the back-office role that area needs (a super admin's by default; customer service for any
    shop's orders and refunds, finance for payouts). An admin without it is refused saying which
    role it needs; anyone who is not an admin gets False (the caller's own refusal follows)."""
    if not actor.is_admin:
        return False
    if actor.holds(permission):
        return True
    raise PermissionDenied(phrase("That needs the {permission} back-office role; ask a super admin.",
                                  permission=PERMISSION_WORDS[permission]))


def require_merchant_of(actor: Actor, merchant_id: int, *, admin: str = AdminPermission.SUPER) -> Actor:
    """The shop's own merchant, or a platform admin holding `admin` (admin_passes)."""
    require_user(actor)
    if actor.is_merchant_of(merchant_id) or admin_passes(actor, admin):
        return actor
    raise PermissionDenied("You can only manage your own shop.")


def require_staff_of(actor: Actor, community_id: int) -> Actor:
    """The community's property staff, or a super admin (admin_passes)."""
    require_user(actor)
    if actor.is_staff_of(community_id) or admin_passes(actor):
        return actor
    raise PermissionDenied("Only this community's property staff can do that.")


def staff_or_owner(actor: Actor, community_id: int, *, owns: bool, what: str) -> bool:
    """Whether the actor reaches a row as the community's staff (True) or as the person it belongs
    to (False, `owns`); anyone else gets NotFound(what): a row they may not see does not exist.
    A platform admin counts as staff only as a super admin."""
    if actor.is_authenticated and (actor.is_staff_of(community_id) or actor.holds(AdminPermission.SUPER)):
        return True
    if actor.is_authenticated and owns:
        return False
    raise NotFound(what)


def require_resident(actor: Actor) -> Actor:
    require_user(actor)
    if Role.RESIDENT not in actor.roles or actor.community_id is None:
        raise PermissionDenied("Only a resident of a community can do that.")
    return actor


def load_actor(db: Session, user: User, session_id: int | None = None) -> Actor:
    """Build the Actor from the user's role rows, household and kiosk binding."""
    rows = db.exec(select(UserRole).where(UserRole.user_id == user.id)).all()
    roles = frozenset(r.role for r in rows)
    merchant_ids = frozenset(r.merchant_id for r in rows if r.role == Role.MERCHANT and r.merchant_id)
    staff = frozenset(
        r.community_id for r in rows if r.role == Role.PROPERTY_STAFF and r.community_id
    )
    household_id = community_id = None
    hm = db.exec(
        select(HouseholdMember, Household)
        .join(Household, Household.id == HouseholdMember.household_id)
        .where(HouseholdMember.user_id == user.id)
    ).first()
    if hm:
        household_id, community_id = hm[1].id, hm[1].community_id
    kiosk_code = None
    if Role.KIOSK in roles:
        kiosk = db.exec(select(KioskDevice).where(KioskDevice.user_id == user.id)).first()
        if kiosk:
            kiosk_code, community_id = kiosk.code, kiosk.community_id
    if community_id is None:
        # A resident who has not been placed in a household yet still belongs to a community.
        community_id = next(
            (r.community_id for r in rows if r.role == Role.RESIDENT and r.community_id), None
        )
    worker_community = db.exec(
        select(MaintenanceWorker.community_id).where(MaintenanceWorker.user_id == user.id, MaintenanceWorker.active)
    ).first()
    is_worker = worker_community is not None
    if community_id is None and session_id is not None and (staff or Role.PLATFORM_ADMIN in roles):
        # The community this staff session picked (property/communities.choose_community).
        chosen = db.exec(select(StaffCommunityChoice.community_id)
                         .where(StaffCommunityChoice.session_id == session_id)).first()
        if chosen is not None and (chosen in staff or Role.PLATFORM_ADMIN in roles):
            community_id = chosen
    if community_id is None and staff:
        community_id = min(staff)  # staff of several communities start on their first one
    return Actor(
        user_id=user.id,
        roles=roles,
        display_name=user.display_name,
        community_id=community_id,
        household_id=household_id,
        merchant_ids=merchant_ids,
        staff_community_ids=staff,
        kiosk_code=kiosk_code,
        is_worker=is_worker,
        session_id=session_id,
        # A worker with no home here still reads times in the community they repair for.
        time_zone=_time_zone(db, community_id or worker_community),
        language=user.language or "",
        admin_permissions=_admin_permissions(db, user.id) if Role.PLATFORM_ADMIN in roles else frozenset(),
    )


def _admin_permissions(db: Session, user_id: int) -> frozenset[str]:
    from community_hub.models.admin_roles import AdminSubRole

    return frozenset(db.exec(select(AdminSubRole.permission).where(AdminSubRole.user_id == user_id)).all())


def deployment_time_zone(db: Session) -> str:
    """The zone of someone (or something, like a new shop) with no community of its own:
    HUB_TIME_ZONE, else the first community's, else UTC."""
    return _time_zone(db, None)


def _time_zone(db: Session, community_id: int | None) -> str:
    """The community's zone; for someone without one, HUB_TIME_ZONE, else the first community's.
    At most one small query."""
    from community_hub.core.config import settings

    if community_id is None:
        if settings().time_zone:
            return settings().time_zone
        stmt = select(Community.time_zone).order_by(Community.id).limit(1)
    else:
        stmt = select(Community.time_zone).where(Community.id == community_id)
    return db.exec(stmt).first() or "UTC"
