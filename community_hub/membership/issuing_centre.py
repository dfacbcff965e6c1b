"""What the card issuing centre's screens read and write (platform admins): programmes with their
levels, commission plan and counts; a level and a commission plan as typed on a form (amounts and
percentages as text, read as Decimals here so no screen decides what "2.5" means); a card found by
its number; the people a batch can be handed to; and the versions the pages read when their change
bell keys ring, so another admin's change, or a member's activation, shows without a reload."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.money import parse_amount
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.core.rows import get_or_not_found
from community_hub.membership import batches, commission_plans, priority, programmes
from community_hub.models import AuditEntry, Role, User, UserRole
from community_hub.models.membership import (
    CardBatch,
    Cardholding,
    CardLevel,
    CardProgramme,
    HoldingState,
    MembershipCard,
)

PRIORITY_RULE = priority.RULE
EDIT_RULE = phrase("Editing a programme or a level changes what new members pay and get from now on; members who "
                   "already hold a card keep what they paid (and a yearly card runs to its end date).")
PLAN_CHANGE_RULE = phrase("A new commission plan applies to orders placed after it is saved; orders placed before "
                          "keep the plan they were placed under.")
SUSPENDED_RULE = phrase("In a referral chain, a suspended agent's level (or a referrer who is not an agent) is "
                        "skipped: they earn nothing and nothing is passed to anyone else.")
MAX_HAND_OUT_PEOPLE = 200


@dataclass(frozen=True)
class ProgrammeSummary:
    programme: programmes.ProgrammeView
    plan: commission_plans.PlanView | None  # None: no commission on this programme yet
    holders: int  # active cardholders
    cards: int  # printed or bought, every state


def programmes_overview(db: Session, actor: Actor) -> list[ProgrammeSummary]:
    """Every programme, open ones first then by name, with its levels, plan and counts."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    rows = db.exec(select(CardProgramme).order_by(CardProgramme.active.desc(), CardProgramme.name)).all()
    cards = dict(db.exec(select(MembershipCard.programme_id, func.count()).group_by(MembershipCard.programme_id)).all())
    return [ProgrammeSummary(programmes.programme_view(db, actor, p.id),
                             commission_plans.current_plan(db, actor, p.id),
                             priority.cardholder_count(db, p.id), int(cards.get(p.id, 0))) for p in rows]


def percent_to_bps(value: object, what: str, most_bps: int = 10000) -> int:
    """"2.5" (a percentage, "%" allowed) -> 250 basis points, as a Decimal; at most two decimals,
    0 to `most_bps`. `what`: a word marked with N_ by the caller."""
    raw = str(value if value is not None else "").strip().rstrip("%").strip()
    if not raw:
        return 0
    try:
        bps = Decimal(raw) * 100
    except InvalidOperation:
        bps = None
    if bps is None or len(raw) > 12 or not bps.is_finite() or bps != bps.to_integral_value() \
            or not 0 <= bps <= most_bps:
        raise ServiceError(phrase("The {what} must be a percentage from 0 to {most} (at most two decimals), "
                                  "like 5 or 2.5.", what=phrase(what), most=f"{Decimal(most_bps) / 100:g}"))
    return int(bps)


def multiplier_to_pct(value: object) -> int:
    """"1.5" (points multiplier) -> 150; "" -> 100 (x1)."""
    raw = str(value if value is not None else "").strip().lower().lstrip("x×").strip()
    if not raw:
        return 100
    try:
        pct = Decimal(raw) * 100
    except InvalidOperation:
        pct = None
    if pct is None or len(raw) > 8 or not pct.is_finite() or pct != pct.to_integral_value() or not 0 <= pct <= 1000:
        raise ServiceError(phrase("The points multiplier is a number from 0 to 10, like 1 or 1.5."))
    return int(pct)


def _rank(value: object) -> int:
    raw = str(value if value is not None else "").strip()
    if not raw.isdigit() or len(raw) > 3:
        raise ServiceError(phrase("The priority rank must be a whole number from 1 to 100."))
    return int(raw)


def save_level(db: Session, actor: Actor, programme_id: int, level_id: int, *, name: str, fee: str,
               fee_period: str, discount_percent: str, multiplier: str, rank: str, permissions: list[str],
               active: bool = True) -> programmes.LevelView:
    """A level as typed on the programme page: a new one (`level_id` 0) or new terms for one."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    prog = get_or_not_found(db, CardProgramme, programme_id, phrase("programme"))
    fields = dict(fee_minor=parse_amount(fee or "0", prog.currency, N_("fee"),
                                         maximum_minor=programmes.MAX_FEE_MINOR),
                  fee_period=fee_period,
                  discount_bps=percent_to_bps(discount_percent, N_("member discount"), programmes.MAX_DISCOUNT_BPS),
                  points_multiplier_pct=multiplier_to_pct(multiplier), rank=_rank(rank),
                  permissions=list(permissions or []))
    if not level_id:
        return programmes.add_level(db, actor, prog.id, name=name, **fields)
    level = get_or_not_found(db, CardLevel, level_id, phrase("level"))
    if level.programme_id != prog.id:
        raise ServiceError(phrase("That level is not one of {programme}'s.", programme=prog.name))
    return programmes.edit_level(db, actor, level.id, active=active, **fields)


def save_plan(db: Session, actor: Actor, programme_id: int, *, ratios: list[str], cap: str, freeze_days: str,
              card_fees_earn: bool) -> commission_plans.PlanView:
    """The commission plan as typed: a percentage per level (depth = how many are given), the cap
    as a percentage of the platform's fee, the freeze window in days."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    given = [str(r or "").strip() for r in (ratios or [])][:4]
    days = str(freeze_days if freeze_days is not None else "").strip()
    if not days.isdigit() or len(days) > 3:
        raise ServiceError(phrase("The freeze window is 0 to 90 days."))
    return commission_plans.set_plan(db, actor, programme_id,
                                     ratios_bps=[percent_to_bps(r, N_("commission ratio")) for r in given],
                                     cap_bps=percent_to_bps(cap, N_("cap")), freeze_days=int(days),
                                     card_fees_earn=bool(card_fees_earn))


@dataclass(frozen=True)
class FoundCard:
    id: int
    number: str
    state: str
    programme: str
    level: str
    batch_id: int | None
    holder: str  # the active cardholder's name, "" if none
    disabled_reason: str


def find_card(db: Session, actor: Actor, number: str) -> FoundCard:
    """A card by its number as typed (spaces and dashes ignored)."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    typed = "".join(ch for ch in str(number or "")[:40] if ch.isdigit())
    if not typed:
        raise ServiceError(phrase("Type a card number (12 digits)."))
    card = db.exec(select(MembershipCard).where(MembershipCard.number == typed)).first()
    if card is None:
        raise ServiceError(phrase("No card has the number {number}.", number=typed), code="no_card")
    prog, level = db.get(CardProgramme, card.programme_id), db.get(CardLevel, card.level_id)
    holding = db.exec(select(Cardholding).where(Cardholding.card_id == card.id,
                                                Cardholding.state == HoldingState.ACTIVE)).first()
    holder = db.get(User, holding.user_id).display_name if holding else ""
    return FoundCard(card.id, card.number, card.state, prog.name, level.name, card.batch_id, holder,
                     card.disabled_reason)


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    login: str
    role: str  # "agent" or "property_staff"


def hand_out_people(db: Session, actor: Actor) -> list[Person]:
    """Agents and property staff (the people who hand cards out), by name."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    rows = db.exec(select(User, UserRole.role).join(UserRole, UserRole.user_id == User.id)
                   .where(UserRole.role.in_([Role.AGENT, Role.PROPERTY_STAFF]))
                   .order_by(User.display_name, User.id)).all()
    seen: dict[int, Person] = {}
    for user, role in rows:
        if user.id not in seen or role == Role.AGENT:
            seen[user.id] = Person(user.id, user.display_name, user.email or user.phone or "", str(role))
    return sorted(seen.values(), key=lambda p: (p.name.lower(), p.id))[:MAX_HAND_OUT_PEOPLE]


def batches_of_programme(db: Session, actor: Actor, programme_id: int) -> list[batches.BatchView]:
    """A programme's batches, newest first (0: every programme's)."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    q = select(CardBatch).order_by(CardBatch.id.desc())
    if programme_id:
        q = q.where(CardBatch.programme_id == programme_id)
    return [batches.batch_view(db, b) for b in db.exec(q.limit(200)).all()]


def _version(db: Session) -> tuple:
    last = db.exec(select(func.max(AuditEntry.id)).where(AuditEntry.action.like("membership.%"))).one()
    held = db.exec(select(func.count(), func.max(Cardholding.id)).select_from(Cardholding)
                   .where(Cardholding.state == HoldingState.ACTIVE)).one()
    return (last or 0, int(held[0]), held[1] or 0)


def programmes_version(db: Session, actor: Actor) -> tuple:
    """Changes when an admin changes a programme, level or plan, or a member gets a card."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    return _version(db)


def cards_version(db: Session, actor: Actor) -> tuple:
    """Changes when a batch is made, handed out or a card disabled, or a card is activated."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    return _version(db)


def _keys(db: Session) -> tuple[list, None]:
    """What `_version` reads: the log (membership actions are logged among all others, so the table
    rings whole) and every programme's cards; a new programme is logged, so its key is read then."""
    ids = db.exec(select(CardProgramme.id)).all()
    return [change_rings.key_of(AuditEntry)] + [change_rings.key_of(Cardholding, "programme_id", i) for i in ids], None


def programmes_keys(db: Session, actor: Actor) -> tuple[list, None]:
    require_admin_permission(actor, AdminPermission.FINANCE)
    return _keys(db)


def cards_keys(db: Session, actor: Actor) -> tuple[list, None]:
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    return _keys(db)


@dataclass(frozen=True)
class ProgrammeChoice:
    id: int
    name: str
    active: bool
    levels: list[tuple[int, str]]  # (id, name), highest rank first; active levels only


def programme_choices(db: Session, actor: Actor) -> list[ProgrammeChoice]:
    """The programmes and their levels a batch can be made of, or whose cardholders can be listed."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    rows = db.exec(select(CardProgramme).order_by(CardProgramme.active.desc(), CardProgramme.name)).all()
    return [ProgrammeChoice(p.id, p.name, p.active,
                            [(lv.id, lv.name) for lv in programmes.levels_of(db, p.id) if lv.active]) for p in rows]
