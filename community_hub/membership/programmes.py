"""Card programmes and their levels (platform admins): fee one-off or yearly (may be zero), member
price discount, points multiplier, priority rank, permissions. Editing a level changes what new
members pay and what holders get from now on, never what a member already paid: that is kept
on their cardholding (membership/activation.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_user,
)
from community_hub.core.rows import get_or_not_found
from community_hub.membership import identity
from community_hub.membership.common import audit, text
from community_hub.models.base import utcnow
from community_hub.models.membership import CardLevel, CardProgramme, DiscountFunder, FeePeriod

PERMISSIONS = {"post_demands": N_("May post demands"), "book_services_first": N_("May book services first"),
               "share_parking": N_("May share parking")}
MAX_FEE_MINOR = 100_000_00
MAX_DISCOUNT_BPS = 5000  # half price at most


@dataclass(frozen=True)
class LevelView:
    id: int
    name: str
    fee_minor: int
    fee_period: str
    discount_bps: int
    points_multiplier_pct: int
    rank: int
    permissions: list[str]
    active: bool


@dataclass(frozen=True)
class ProgrammeView:
    id: int
    name: str
    currency: str
    discount_funded_by: str
    identity_kinds: list[str]
    active: bool
    levels: list[LevelView]  # highest rank first


def _whole(value: object, what: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ServiceError(phrase("The {what} must be a whole number from {low} to {high}.", what=phrase(what),
                                  low=low, high=high))
    return value


def _permissions(perms: list[str] | None) -> str:
    out = []
    for p in perms or []:
        if p not in PERMISSIONS:
            raise ServiceError(phrase("{permission} is not a permission a level can give.", permission=repr(p)))
        if p not in out:
            out.append(p)
    return ",".join(out)


def _funder(value: str) -> str:
    if value not in set(DiscountFunder):
        raise ServiceError(phrase("Member prices are paid by the platform or by the shop."))
    return value


def create_programme(db: Session, actor: Actor, *, name: str, currency: str = "USD",
                     discount_funded_by: str = DiscountFunder.PLATFORM,
                     identity_kinds: list[str] | None = None) -> ProgrammeView:
    require_admin_permission(actor, AdminPermission.FINANCE)
    name = text(name, N_("programme name"), 80)
    cur = str(currency or "").upper()
    if len(cur) != 3 or not cur.isalpha():
        raise ServiceError(phrase("{currency} is not a currency code (three letters, like USD).", currency=repr(currency)))
    if db.exec(select(CardProgramme).where(CardProgramme.name == name)).first():
        raise ServiceError(phrase("There is already a programme called {name}.", name=name))
    row = CardProgramme(name=name, currency=cur, discount_funded_by=_funder(discount_funded_by),
                        identity_kinds=identity.check_kinds(identity_kinds or ["national_id", "mobile"]),
                        created_by=actor.user_id)
    db.add(row)
    db.flush()
    audit(db, actor, "membership.programme_created", f"programme:{row.id}", name)
    return programme_view(db, actor, row.id)


def edit_programme(db: Session, actor: Actor, programme_id: int, *, name: str | None = None,
                   discount_funded_by: str | None = None, identity_kinds: list[str] | None = None,
                   active: bool | None = None) -> ProgrammeView:
    require_admin_permission(actor, AdminPermission.FINANCE)
    row = get_or_not_found(db, CardProgramme, programme_id, phrase("programme"), lock=True)
    if name is not None:
        name = text(name, N_("programme name"), 80)
        clash = db.exec(select(CardProgramme).where(CardProgramme.name == name, CardProgramme.id != row.id)).first()
        if clash:
            raise ServiceError(phrase("There is already a programme called {name}.", name=name))
        row.name = name
    if discount_funded_by is not None:
        row.discount_funded_by = _funder(discount_funded_by)
    if identity_kinds is not None:
        row.identity_kinds = identity.check_kinds(identity_kinds)
    if active is not None:
        row.active = bool(active)
    db.add(row)
    audit(db, actor, "membership.programme_edited", f"programme:{row.id}", row.name)
    db.flush()
    return programme_view(db, actor, row.id)


def _level_fields(fee_minor: int, fee_period: str, discount_bps: int, points_multiplier_pct: int, rank: int,
                  permissions: list[str] | None) -> dict:
    if fee_period not in set(FeePeriod):
        raise ServiceError(phrase("A level's fee is one-off or yearly."))
    return dict(fee_minor=_whole(fee_minor, N_("fee"), 0, MAX_FEE_MINOR), fee_period=fee_period,
                discount_bps=_whole(discount_bps, N_("member discount (basis points)"), 0, MAX_DISCOUNT_BPS),
                points_multiplier_pct=_whole(points_multiplier_pct, N_("points multiplier (%)"), 0, 1000),
                rank=_whole(rank, N_("priority rank"), 1, 100), permissions=_permissions(permissions))


def add_level(db: Session, actor: Actor, programme_id: int, *, name: str, fee_minor: int = 0,
              fee_period: str = FeePeriod.ONE_OFF, discount_bps: int = 0, points_multiplier_pct: int = 100,
              rank: int = 1, permissions: list[str] | None = None) -> LevelView:
    require_admin_permission(actor, AdminPermission.FINANCE)
    prog = get_or_not_found(db, CardProgramme, programme_id, phrase("programme"))
    name = text(name, N_("level name"), 40)
    fields = _level_fields(fee_minor, fee_period, discount_bps, points_multiplier_pct, rank, permissions)
    if db.exec(select(CardLevel).where(CardLevel.programme_id == prog.id, CardLevel.name == name)).first():
        raise ServiceError(phrase("{programme} already has a level called {name}.", programme=prog.name, name=name))
    row = CardLevel(programme_id=prog.id, name=name, **fields)
    db.add(row)
    db.flush()
    audit(db, actor, "membership.level_added", f"programme:{prog.id}", f"{name} level:{row.id}")
    return _level_view(row)


def edit_level(db: Session, actor: Actor, level_id: int, *, fee_minor: int, fee_period: str, discount_bps: int,
               points_multiplier_pct: int, rank: int, permissions: list[str] | None = None,
               active: bool = True) -> LevelView:
    """New terms for new members and upgrades; members already holding the level keep what they
    paid (and, for a yearly fee, until when)."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    row = get_or_not_found(db, CardLevel, level_id, phrase("level"), lock=True)
    before = (row.fee_minor, row.discount_bps, row.rank)
    for k, v in _level_fields(fee_minor, fee_period, discount_bps, points_multiplier_pct, rank, permissions).items():
        setattr(row, k, v)
    row.active = bool(active)
    row.updated_at = utcnow()
    db.add(row)
    audit(db, actor, "membership.level_edited", f"level:{row.id}",
          f"fee/discount/rank {before} -> {(row.fee_minor, row.discount_bps, row.rank)}")
    db.flush()
    return _level_view(row)


def _level_view(row: CardLevel) -> LevelView:
    return LevelView(row.id, row.name, row.fee_minor, row.fee_period, row.discount_bps, row.points_multiplier_pct,
                     row.rank, [p for p in row.permissions.split(",") if p], row.active)


def levels_of(db: Session, programme_id: int) -> list[CardLevel]:
    return list(db.exec(select(CardLevel).where(CardLevel.programme_id == programme_id)
                        .order_by(CardLevel.rank.desc(), CardLevel.id)))


def programme_view(db: Session, actor: Actor, programme_id: int) -> ProgrammeView:
    """A programme with its levels, for the issuing centre (admins) and for members choosing one."""
    require_user(actor)
    row = get_or_not_found(db, CardProgramme, programme_id, phrase("programme"))
    if not row.active and not actor.holds(AdminPermission.FINANCE):
        raise ServiceError(phrase("This programme is closed."), code="closed")
    levels = [_level_view(lv) for lv in levels_of(db, row.id) if lv.active or actor.holds(AdminPermission.FINANCE)]
    return ProgrammeView(row.id, row.name, row.currency, row.discount_funded_by,
                         identity.kinds_list(row.identity_kinds), row.active, levels)


def list_programmes(db: Session, actor: Actor) -> list[ProgrammeView]:
    """Every programme for admins; open ones for members."""
    require_user(actor)
    q = select(CardProgramme).order_by(CardProgramme.id)
    if not actor.holds(AdminPermission.FINANCE):
        q = q.where(CardProgramme.active)
    return [programme_view(db, actor, p.id) for p in db.exec(q).all()]
