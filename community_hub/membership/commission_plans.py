"""Commission plans: how deep the referral chain earns (1 to 3 levels, 2 by default), the ratio of
the platform's fee each level earns (basis points), a cap on the total per sale (a share of the
platform's fee), the freeze window and whether card fees earn too. One plan per programme, and one
for orders of members without a card (programme None). A plan is never edited: a change is a new
row, and each sale uses the plan in force when it was placed (so changes apply to later orders)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.core.rows import get_or_not_found
from community_hub.membership.common import audit
from community_hub.models.membership import CardProgramme
from community_hub.models.referrals import CommissionPlan

DEFAULT_DEPTH = 2
DEFAULT_FREEZE_DAYS = 7
@dataclass(frozen=True)
class PlanView:
    id: int
    programme_id: int | None
    depth: int
    ratios_bps: list[int]  # one per level, level 1 first
    cap_bps: int
    freeze_days: int
    card_fees_earn: bool
    created_at: datetime
    rule: str


def _bps(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10000:
        raise ServiceError(phrase("The {what} must be a whole number of basis points from 0 to 10000.", what=phrase(what)))
    return value


def set_plan(db: Session, actor: Actor, programme_id: int | None, *, ratios_bps: list[int], cap_bps: int,
             freeze_days: int = DEFAULT_FREEZE_DAYS, card_fees_earn: bool = True) -> PlanView:
    """A new plan for the programme (or for members without a card), in force from now. The depth
    is the number of ratios given (1 to 3); ratios summing above the cap are refused."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    if programme_id is not None:
        get_or_not_found(db, CardProgramme, programme_id, phrase("programme"))
    ratios = list(ratios_bps or [])
    if not 1 <= len(ratios) <= 3:
        raise ServiceError(phrase("Commission goes 1 to 3 levels deep: give one ratio per level."), code="depth")
    ratios = [_bps(r, N_("commission ratio")) for r in ratios]
    cap = _bps(cap_bps, N_("cap"))
    if sum(ratios) > cap:
        raise ServiceError(phrase("The ratios add up to {total} basis points, more than the cap of {cap}.",
                                  total=sum(ratios), cap=cap), code="over_cap")
    if not isinstance(freeze_days, int) or isinstance(freeze_days, bool) or not 0 <= freeze_days <= 90:
        raise ServiceError(phrase("The freeze window is 0 to 90 days."))
    padded = ratios + [0] * (3 - len(ratios))
    row = CommissionPlan(programme_id=programme_id, depth=len(ratios), level1_bps=padded[0], level2_bps=padded[1],
                         level3_bps=padded[2], cap_bps=cap, freeze_days=freeze_days,
                         card_fees_earn=bool(card_fees_earn), created_by=actor.user_id)
    db.add(row)
    db.flush()
    audit(db, actor, "membership.commission_plan", f"programme:{programme_id or 'none'}",
          f"depth {row.depth} ratios {ratios} cap {cap} freeze {freeze_days}d")
    return view(row)


def ratios_of(plan: CommissionPlan) -> list[int]:
    return [plan.level1_bps, plan.level2_bps, plan.level3_bps][:plan.depth]


def rule(plan: CommissionPlan) -> str:
    """The rule as the programme page shows it (a suspended agent's level is skipped, issue 16)."""
    return phrase("Commission is a share of the platform's fee on each sale, after refunds, for up to {depth} "
                  "levels of the buyer's referral chain. A suspended agent's level (or a referrer who is not an "
                  "agent) is skipped and nothing is passed to anyone else. It stays pending for {days} days after "
                  "the sale (an order's signing), then becomes available and is paid with the next payout run; "
                  "a refund reverses it pro rata.", depth=plan.depth, days=plan.freeze_days)


def view(plan: CommissionPlan) -> PlanView:
    return PlanView(plan.id, plan.programme_id, plan.depth, ratios_of(plan), plan.cap_bps, plan.freeze_days,
                    plan.card_fees_earn, plan.created_at, rule(plan))


def in_force(db: Session, programme_id: int | None, at: datetime) -> CommissionPlan | None:
    """The plan of the programme (None: members without a card) in force at `at`, or None (no
    commission) when none was set yet."""
    return db.exec(select(CommissionPlan).where(CommissionPlan.programme_id == programme_id,
                                                CommissionPlan.created_at <= at)
                   .order_by(CommissionPlan.created_at.desc(), CommissionPlan.id.desc())).first()


def current_plan(db: Session, actor: Actor, programme_id: int | None) -> PlanView | None:
    require_admin_permission(actor, AdminPermission.FINANCE)
    found = db.exec(select(CommissionPlan).where(CommissionPlan.programme_id == programme_id)
                    .order_by(CommissionPlan.id.desc())).first()
    return view(found) if found else None
