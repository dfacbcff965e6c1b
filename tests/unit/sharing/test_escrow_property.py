"""Property: whatever neighbours do to their parking bookings — cancel early or late, the owner
cancels, the owner reports an overstay, the balance is paid or not, the payout run and the 24-hour rule come by in any order —
every deposit is at each moment either still held, returned or paid to the owner, exactly once
and in full, every balance is held or paid out, and the ledger balances. On both databases."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models.ledger import AccountKind, LedgerAccount, LedgerPosting, LedgerTransaction
from community_hub.models.sharing import BookingStatus, ParkingBooking
from community_hub.payments import ledger, ledger_report
from community_hub.sharing import parking_cancel, parking_jobs, parking_money, parking_overstay
from tests.unit.sharing.booking_steps import CARD, book_and_pay, tomorrow_at
from tests.unit.sharing.people import residents
from tests.unit.sharing.slots import share_slot

BOOKINGS = 3
OPS = ("renter_cancels_early", "renter_cancels_late", "owner_cancels", "pays_balance", "payout_run",
       "balance_deadline", "owner_reports_overstay")


def _escrow_moved(db, reference: str, kind: str) -> int:
    """What transactions of `kind` took out of escrow for `reference`."""
    return int(db.exec(select(func.coalesce(func.sum(LedgerPosting.amount_minor), 0))
                       .join(LedgerTransaction, LedgerTransaction.id == LedgerPosting.transaction_id)
                       .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
                       .where(LedgerTransaction.reference == reference, LedgerTransaction.kind == kind,
                              LedgerAccount.kind == AccountKind.ESCROW)).one())


def _check(db, ids: list[int]) -> None:
    db.expire_all()
    for bid in ids:
        b = db.get(ParkingBooking, bid)
        dep = f"share:dep-{bid}"
        held = ledger.held_in_escrow(db, dep, "USD")
        returned = _escrow_moved(db, dep, "refund")
        paid = _escrow_moved(db, dep, "sharing_settled")
        assert held + returned + paid == b.deposit_minor  # all of it, once
        assert [held > 0, returned > 0, paid > 0].count(True) == 1  # in exactly one place
        where = {BookingStatus.CONFIRMED: "held", BookingStatus.BALANCE_PAID: "held",
                 BookingStatus.CANCELLED: "returned", BookingStatus.FORFEITED: "paid",
                 BookingStatus.PAID_OUT: "paid"}[b.status]
        assert {"held": held, "returned": returned, "paid": paid}[where] == b.deposit_minor
        bal = f"share:bal-{bid}"
        in_bal = -_escrow_moved(db, bal, "sharing_paid")  # money in is a credit to escrow
        assert ledger.held_in_escrow(db, bal, "USD") + _escrow_moved(db, bal, "sharing_settled") == in_bal
        # the balance as it was when paid: with the overstay if reported before, without if after
        assert in_bal in (0, b.price_minor - b.deposit_minor, b.price_minor - b.deposit_minor + b.overstay_minor)
        if b.status == BookingStatus.PAID_OUT:
            assert b.payout_minor + b.fee_minor == b.deposit_minor + in_bal
    assert ledger_report.check_ledger(db).ok


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, BOOKINGS - 1)), max_size=8))
def test_every_deposit_is_held_returned_or_paid_exactly_once(engine, tx, db, ops):
    _, (owner, renter) = residents(tx, 2)
    slot = share_slot(tx, owner, hourly_price="2.50", deposit_bps=3333)
    starts = [tomorrow_at(2 + 3 * i) for i in range(BOOKINGS)]
    ids = [book_and_pay(tx, renter, slot, s, 2) for s in starts]
    last_end = starts[-1] + timedelta(hours=2)
    _check(db, ids)
    for op, i in ops:
        bid, start = ids[i], starts[i]
        try:
            with tx() as s:
                if op == "renter_cancels_early":
                    parking_cancel.cancel_booking(s, renter, bid, now=start - timedelta(hours=3))
                elif op == "renter_cancels_late":
                    parking_cancel.cancel_booking(s, renter, bid, now=start - timedelta(hours=1))
                elif op == "owner_cancels":
                    parking_cancel.cancel_booking(s, owner, bid, now=start + timedelta(hours=1))
                elif op == "pays_balance":
                    parking_money.pay_balance(s, renter, bid, CARD, now=start + timedelta(hours=3))
                elif op == "owner_reports_overstay":
                    parking_overstay.report_overstay(s, owner, bid, 1, now=start + timedelta(hours=3))
                elif op == "payout_run":
                    parking_jobs.pay_out_finished(s, last_end + timedelta(hours=1))
                else:
                    parking_jobs.keep_unpaid_deposits(s, last_end + timedelta(hours=25))
        except ServiceError:
            pass  # a step the rules refuse changes nothing
        _check(db, ids)
