"""Points: a unit of value beside money that members hold and spend on what the platform sells
(ad slots today). Admins grant points (a promotion, a goodwill gesture) or take them back.

Points live in the same double-entry ledger as money, in their own currency "PTS", so every
movement is one balanced transaction and `check_ledger` proves them too:
  grant      points_issued:platform  +n   /  points_held:<owner>      -n
  revoke     points_held:<owner>     +n   /  points_issued:platform   -n
  spend      points_held:<owner>     +n   /  points_redeemed:platform -n
  give back  points_redeemed:platform +n  /  points_held:<owner>      -n
A holder's balance is minus its points_held balance (credit-normal). Spending locks the holder's
account row while the balance is checked, so two purchases cannot both spend the last points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_merchant_of,
)
from community_hub.models import AuditEntry, Merchant, MerchantStatus, User
from community_hub.models.ledger import AccountKind, LedgerAccount, LedgerPosting, LedgerTransaction
from community_hub.payments import ledger

POINTS = "PTS"
MAX_GRANT = 1_000_000
_OWNER = re.compile(r"^(merchant|resident):[1-9][0-9]{0,9}$")


@dataclass(frozen=True)
class PointsMove:
    """One line of a holder's points history (positive: points in)."""

    at: datetime
    kind: str  # points_granted | points_revoked | points_spent | points_returned
    points: int
    memo: str
    reference: str

    @property
    def label(self) -> str:
        return MOVE_LABELS.get(self.kind, self.kind)


MOVE_LABELS = {"points_granted": phrase("Granted"), "points_revoked": phrase("Taken back"), "points_spent": phrase("Spent"),
               "points_returned": phrase("Returned")}


@dataclass(frozen=True)
class HolderRow:
    owner: str
    name: str
    balance: int


def _owner(owner: str) -> str:
    if not _OWNER.match(owner or ""):
        raise ServiceError(phrase("Points belong to a shop or a resident."))
    return owner


def _points(amount: int) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ServiceError(phrase("Enter a whole number of points, more than zero."))
    return amount


def balance(db: Session, owner: str) -> int:
    """Points `owner` ("merchant:3") can spend now."""
    return -ledger.balance_of(db, AccountKind.POINTS_HELD, _owner(owner), POINTS)


def _locked_balance(db: Session, owner: str) -> int:
    return -ledger.locked_balance(db, AccountKind.POINTS_HELD, owner, POINTS)[1]


def _move(db: Session, kind: str, owner: str, amount: int, reference: str, key: str, memo: str,
          debit: tuple[str, str], credit: tuple[str, str]) -> LedgerTransaction:
    return ledger.post(db, kind, reference, [
        ledger.Line(debit[0], debit[1], amount, POINTS),
        ledger.Line(credit[0], credit[1], -amount, POINTS),
    ], key, source=key, counterparty=f"points:{owner}", memo=memo)


def grant(db: Session, actor: Actor, owner: str, amount: int, reason: str) -> LedgerTransaction:
    """An admin gives `owner` points, with the reason on record (ledger memo and audit)."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    owner, amount = _owner(owner), _points(amount)
    if amount > MAX_GRANT:
        raise ServiceError(phrase("Grant at most {most} points at a time.", most=format(MAX_GRANT, ",")))
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise ServiceError(phrase("Say why the points are given (at most 200 characters)."))
    _check_holder(db, owner)
    audit = AuditEntry(actor_user_id=actor.user_id, action="points.grant", subject=owner, detail=f"{amount} {reason}")
    db.add(audit)
    db.flush()
    return _move(db, "points_granted", owner, amount, owner, f"points_granted:audit:{audit.id}", reason,
                 (AccountKind.POINTS_ISSUED, "platform"), (AccountKind.POINTS_HELD, owner))


def revoke(db: Session, actor: Actor, owner: str, amount: int, reason: str) -> LedgerTransaction:
    """An admin takes back points given by mistake; never more than the holder has."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    owner, amount = _owner(owner), _points(amount)
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise ServiceError(phrase("Say why the points are taken back (at most 200 characters)."))
    held = _locked_balance(db, owner)
    if amount > held:
        raise ServiceError(phrase("{owner} holds only {held} points.", owner=owner, held=format(held, ",")))
    audit = AuditEntry(actor_user_id=actor.user_id, action="points.revoke", subject=owner, detail=f"{amount} {reason}")
    db.add(audit)
    db.flush()
    return _move(db, "points_revoked", owner, amount, owner, f"points_revoked:audit:{audit.id}", reason,
                 (AccountKind.POINTS_HELD, owner), (AccountKind.POINTS_ISSUED, "platform"))


def spend(db: Session, owner: str, amount: int, *, reference: str, source: str, memo: str) -> LedgerTransaction:
    """`owner` pays `amount` points for `reference` (called by the service that sells, after its own
    permission checks). Refused with nothing posted when the balance is short."""
    owner, amount = _owner(owner), _points(amount)
    key = f"points_spent:{source}"
    found = ledger.existing(db, key)
    if found:
        return found
    held = _locked_balance(db, owner)
    if amount > held:
        raise ServiceError(phrase("This needs {amount} points and you have {held}.", amount=format(amount, ","),
                                  held=format(held, ",")), code="points_short")
    return _move(db, "points_spent", owner, amount, reference, key, memo,
                 (AccountKind.POINTS_HELD, owner), (AccountKind.POINTS_REDEEMED, "platform"))


def spent_for(db: Session, owner: str, reference: str) -> int:
    """Points `owner` has spent on `reference` and not had back."""
    rows = db.exec(
        select(LedgerPosting.amount_minor)
        .join(LedgerTransaction, LedgerTransaction.id == LedgerPosting.transaction_id)
        .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerTransaction.reference == reference, LedgerAccount.kind == AccountKind.POINTS_HELD,
               LedgerAccount.owner == owner, LedgerTransaction.kind.in_(("points_spent", "points_returned")))
    ).all()
    return sum(rows)


def give_back(db: Session, owner: str, amount: int, *, reference: str, source: str, memo: str) -> LedgerTransaction:
    """Points spent on `reference` go back to `owner` (a cancelled ad): never more than were spent."""
    owner, amount = _owner(owner), _points(amount)
    key = f"points_returned:{source}"
    found = ledger.existing(db, key)
    if found:
        return found
    left = spent_for(db, owner, reference)
    if amount > left:
        raise ServiceError(phrase("Only {left} points spent on this can be given back.", left=format(left, ",")))
    return _move(db, "points_returned", owner, amount, reference, key, memo,
                 (AccountKind.POINTS_REDEEMED, "platform"), (AccountKind.POINTS_HELD, owner))


def history(db: Session, actor: Actor, owner: str, *, limit: int = 50) -> list[PointsMove]:
    """The newest points movements of `owner`: the shop itself or an admin."""
    owner = _owner(owner)
    kind, _, num = owner.partition(":")
    if kind == "merchant":
        require_merchant_of(actor, int(num))
    elif not (actor.holds(AdminPermission.FINANCE) or actor.user_id == int(num)):
        raise NotFound(phrase("points account"))
    rows = db.exec(
        select(LedgerTransaction, LedgerPosting.amount_minor)
        .join(LedgerPosting, LedgerPosting.transaction_id == LedgerTransaction.id)
        .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerAccount.kind == AccountKind.POINTS_HELD, LedgerAccount.owner == owner)
        .order_by(LedgerTransaction.id.desc()).limit(limit)
    ).all()
    return [PointsMove(t.created_at, t.kind, -amount, t.memo, t.reference) for t, amount in rows]


def merchant_holders(db: Session, actor: Actor, *, query: str = "", limit: int = 50) -> list[HolderRow]:
    """Admin: approved shops (name containing `query`) with their points, most points first."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    held = {a.owner: -a.balance_minor for a in db.exec(select(LedgerAccount).where(
        LedgerAccount.kind == AccountKind.POINTS_HELD, LedgerAccount.currency == POINTS)).all()}
    stmt = select(Merchant).where(Merchant.status == MerchantStatus.APPROVED)
    if query.strip():
        stmt = stmt.where(Merchant.name.ilike(f"%{query.strip()}%"))
    rows = [HolderRow(f"merchant:{m.id}", m.name, held.get(f"merchant:{m.id}", 0))
            for m in db.exec(stmt.order_by(Merchant.name)).all()]
    return sorted(rows, key=lambda r: (-r.balance, r.name))[:limit]


def _check_holder(db: Session, owner: str) -> None:
    kind, _, num = owner.partition(":")
    if kind == "merchant" and db.get(Merchant, int(num)) is None:
        raise NotFound(phrase("shop"))
    if kind == "resident" and db.get(User, int(num)) is None:
        raise NotFound(phrase("member"))
