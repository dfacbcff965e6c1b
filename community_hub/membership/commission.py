"""Commission: what agents up the buyer's referral chain earn on a sale, posted to the ledger.

A sale is an order (source "order:<id>", posted when it is signed and settled) or a card fee
("card_fee:<id>", when paid). Its base is the platform's own earning on it, read from the ledger
(the service fee at settlement; the card fee), less what refunds took back. The plan in force when
the sale was placed gives the depth, the ratio per level and the cap. Level k is the k-th person
up the chain; they earn only if they are an active agent at the time of the sale, else their level
is skipped and nothing moves to anyone else.

Every amount is recomputed from scratch by `amounts` from the line's ratio, the cap and the
platform's fee net of refunds, and the ledger is moved by the difference: a refund (full or
partial, before or after the freeze) reverses each line pro rata, and replaying a hook changes
nothing. Lines are pending for the plan's freeze window, then available (`release_due`), then
paid with the payout run (membership/commission_payouts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from community_hub.core.i18n import phrase
from community_hub.core.job_claims import claim
from community_hub.core.money import money_shown
from community_hub.membership import commission_plans, referral
from community_hub.models.base import utcnow
from community_hub.models.membership import Cardholding, HoldingState
from community_hub.models.orders import Order, OrderState
from community_hub.models.payments import Payment
from community_hub.models.referrals import (
    Agent,
    AgentStatus,
    CommissionLine,
    CommissionState,
)
from community_hub.payments import membership_postings
from community_hub.payments.ledger import round_half_up

_ORDINALS = {1: phrase("1st level"), 2: phrase("2nd level"), 3: phrase("3rd level")}


def amounts(fee_minor: int, ratios: dict[int, int], cap_bps: int) -> dict[int, int]:
    """Each paying level's commission on a fee: its ratio of the fee (rounded half up), the total
    held to the cap's share of the fee by trimming the deepest levels first. Never negative."""
    fee = max(0, fee_minor)
    out = {level: round_half_up(fee * bps, 10000) for level, bps in ratios.items()}
    room = fee * cap_bps // 10000
    for level in sorted(out, reverse=True):
        over = sum(out.values()) - room
        if over <= 0:
            break
        out[level] -= min(over, out[level])
    return out


def explain(line: CommissionLine) -> str:
    """'2nd level, order #1234, 5 % of 3.00 fee' (the fee when posted; a refund line says so)."""
    kind, _, ident = line.source.partition(":")
    sale = (phrase("order #{id}", id=ident) if kind == "order" else phrase("card fee #{id}", id=ident))
    pct = f"{line.ratio_bps / 100:g} %"
    text = phrase("{level}, {sale}, {pct} of {fee} fee", level=_ORDINALS[line.level], sale=sale, pct=pct,
                  fee=money_shown(line.fee_minor, line.currency))
    if line.amount_minor != line.original_minor:
        return phrase("{text} (reduced by refunds from {was})", text=text,
                      was=money_shown(line.original_minor, line.currency))
    return text


def _programme_of_buyer(db: Session, user_id: int) -> int | None:
    return db.exec(select(Cardholding.programme_id).where(Cardholding.user_id == user_id,
                                                          Cardholding.state == HoldingState.ACTIVE)
                   .order_by(Cardholding.id)).first()


@dataclass(frozen=True)
class Sale:
    source: str  # "order:12" / "card_fee:3"
    buyer_id: int
    placed_at: datetime  # picks the plan in force
    done_at: datetime  # the freeze window counts from here (signing, payment)
    currency: str
    programme_id: int | None


def post_sale(db: Session, sale: Sale, fee_minor: int | None = None, *, card_fee: bool = False) -> list[CommissionLine]:
    """Post the commission lines of a sale once (a second call returns the lines already there).
    `fee_minor` is the platform's earning when the ledger does not carry it yet (a card fee's
    posting follows its hook in the same transaction)."""
    done = list(db.exec(select(CommissionLine).where(CommissionLine.source == sale.source)).all())
    if done:
        return done
    plan = commission_plans.in_force(db, sale.programme_id, sale.placed_at)
    if plan is None or (card_fee and not plan.card_fees_earn):
        return []
    fee = membership_postings.platform_fee_net(db, sale.source, sale.currency) if fee_minor is None else fee_minor
    if fee <= 0:
        return []
    ratios = commission_plans.ratios_of(plan)
    paying: dict[int, tuple[Agent, int]] = {}
    for level, user_id in enumerate(referral.chain_up(db, sale.buyer_id, plan.depth), start=1):
        agent = db.exec(select(Agent).where(Agent.user_id == user_id)).first()
        if agent is not None and agent.status == AgentStatus.ACTIVE and ratios[level - 1] > 0:
            paying[level] = (agent, ratios[level - 1])
    due = amounts(fee, {lv: bps for lv, (_a, bps) in paying.items()}, plan.cap_bps)
    lines = []
    for level, (agent, bps) in sorted(paying.items()):
        if due[level] <= 0:
            continue
        line = CommissionLine(agent_id=agent.id, plan_id=plan.id, source=sale.source, level=level, ratio_bps=bps,
                              cap_bps=plan.cap_bps, fee_minor=fee, original_minor=due[level],
                              amount_minor=due[level], currency=sale.currency,
                              available_at=sale.done_at + timedelta(days=plan.freeze_days))
        db.add(line)
        db.flush()
        membership_postings.commission_earned(db, line_id=line.id, reference=sale.source, agent_id=agent.id,
                                              amount_minor=line.amount_minor, currency=line.currency,
                                              memo=str(explain(line))[:240])
        lines.append(line)
    return lines


def reconcile(db: Session, source: str) -> list[CommissionLine]:
    """After a refund: bring every line of the sale down to what the rules give on the platform's
    fee net of refunds now, posting the difference back to the platform. Idempotent."""
    lines = list(db.exec(select(CommissionLine).where(CommissionLine.source == source)
                         .order_by(CommissionLine.level).with_for_update()).all())
    if not lines:
        return []
    fee_now = min(lines[0].fee_minor, membership_postings.platform_fee_net(db, source, lines[0].currency))
    due = amounts(fee_now, {ln.level: ln.ratio_bps for ln in lines}, lines[0].cap_bps)
    for line in lines:
        back = line.amount_minor - due[line.level]
        if back <= 0:
            continue
        line.reversals += 1
        membership_postings.commission_reversed(db, line_id=line.id, seq=line.reversals, reference=source,
                                                agent_id=line.agent_id, amount_minor=back, currency=line.currency,
                                                released=line.state != CommissionState.PENDING)
        line.amount_minor -= back
        db.add(line)
    db.flush()
    return lines


def release(db: Session, line: CommissionLine, now: datetime) -> bool:
    """A pending line whose freeze window has passed becomes available (moved to the payable)."""
    if line.state != CommissionState.PENDING or line.available_at > now:
        return False
    if line.amount_minor > 0:
        membership_postings.commission_released(db, line_id=line.id, reference=line.source, agent_id=line.agent_id,
                                                amount_minor=line.amount_minor, currency=line.currency)
    line.state, line.released_at = CommissionState.AVAILABLE, now
    db.add(line)
    return True


def release_due(db: Session, now: datetime | None = None) -> list[int]:
    """Release every pending line out of its freeze window (housekeeping, and the payout run first);
    returns their ids. Lines are claimed (FOR UPDATE SKIP LOCKED) and checked again under the lock,
    so several workers never release one twice."""
    now = now or utcnow()
    q = select(CommissionLine).where(CommissionLine.state == CommissionState.PENDING,
                                     CommissionLine.available_at <= now)
    return [line.id for line in claim(db, q.order_by(CommissionLine.id)) if release(db, line, now)]


# ---------------------------------------------------------------- hooks (wired in payment_hooks.py)


def on_order_transition(db: Session, order: Order, from_state: str, to_state: str) -> None:
    """An order signed (and so settled, marketplace/order_payments) earns commission up its buyer's
    chain. Registered after the settlement's own hook, so the service fee is in the ledger."""
    if to_state != OrderState.SIGNED:
        return
    source = f"order:{order.id}"
    post_sale(db, Sale(source, order.user_id, order.created_at, order.signed_at or utcnow(), order.currency,
                       _programme_of_buyer(db, order.user_id)))


def on_payment_refunded(db: Session, payment: Payment) -> None:
    """A refund of an order or a card fee reverses its commission pro rata (hooks.on_payment_refunded)."""
    reconcile(db, payment.purpose)


