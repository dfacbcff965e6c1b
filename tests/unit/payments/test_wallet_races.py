"""Two tabs spending one wallet at once: the wallet's row lock lets only what the balance covers
through, and one payment paid from two tabs is paid once (SQLite and PostgreSQL)."""

from __future__ import annotations

from community_hub.core.errors import ServiceError
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import intents, ledger_report, wallet
from tests.unit.payments.test_money_races import _together
from tests.unit.payments.test_wallet import _balance, _order, _top_up


def test_two_tabs_cannot_spend_the_same_credit(tx, db, people, demo):
    _top_up(tx, people.resident, "20")
    cards = [_order(tx, people, purpose=f"order:{n}", amount=1500) for n in (31, 32)]

    def pay(i: int) -> None:
        with tx() as s:
            wallet.pay_from_wallet(s, people.resident, cards[i].id)

    errors = _together(2, pay)
    assert len(errors) == 1 and isinstance(errors[0], ServiceError) and errors[0].code == "wallet_too_low", errors
    assert _balance(db, people.resident) == 500
    assert sum(intents.paid_payment_for(db, f"order:{n}") is not None for n in (31, 32)) == 1
    assert ledger_report.check_ledger(db).ok


def test_one_payment_paid_from_two_tabs_is_paid_once(tx, db, people, demo):
    _top_up(tx, people.resident, "50")
    card = _order(tx, people, purpose="order:33", amount=1500)

    def pay(_i: int) -> None:
        with tx() as s:
            wallet.pay_from_wallet(s, people.resident, card.id)

    errors = _together(2, pay)
    assert len(errors) == 1 and isinstance(errors[0], ServiceError), errors
    assert _balance(db, people.resident) == 3500
    paid = db.exec(Payment.__table__.select().where(Payment.purpose == "order:33",
                                                    Payment.status == PaymentStatus.SUCCEEDED)).all()
    assert len(paid) == 1
    assert ledger_report.check_ledger(db).ok
