"""A property bill paid from the resident's wallet (issue 20): too little credit says so and pays
nothing; enough pays the bill once through the same hook as a card, the company's collected fees
hold it, the wallet is down by the bill, and the books balance."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models.billing import Bill, BillPayment
from community_hub.payments import intents, ledger, ledger_report, wallet
from community_hub.property import bill_payments
from tests.unit.test_bill_payments import _actor, world  # noqa: F401 - the shared fixture


def _top_up(tx, actor, amount: str) -> None:
    with tx() as s:
        p = wallet.start_top_up(s, actor, amount)
    with tx() as s:
        intents.confirm_payment(s, actor, p.id, "4242424242424242")


def test_a_bill_paid_from_the_wallet_once(tx, db, world):  # noqa: F811
    resident = _actor(tx, world["resident"])
    _top_up(tx, resident, "10")
    with pytest.raises(ServiceError, match=r"Your wallet holds \$10.00; this costs \$15.00"), tx() as s:
        bill_payments.pay_bill_from_wallet(s, resident, world["bill"])
    db.expire_all()
    assert db.get(Bill, world["bill"]).status == "unpaid" and wallet.balance(db, resident) == 1000
    _top_up(tx, resident, "10")
    with tx() as s:
        paid = bill_payments.pay_bill_from_wallet(s, resident, world["bill"])
    db.expire_all()
    assert db.get(Bill, world["bill"]).status == "paid" and paid.provider == "wallet"
    assert wallet.balance(db, resident) == 500
    assert len(db.exec(select(BillPayment)).all()) == 1
    with pytest.raises(ServiceError, match="already paid"), tx() as s:
        bill_payments.pay_bill_from_wallet(s, resident, world["bill"])
    db.expire_all()
    assert wallet.balance(db, resident) == 500
    company = paid.payee
    assert ledger.owed_to(db, company, "USD") == 1500
    assert ledger_report.check_ledger(db).ok
