"""Paying partly from the wallet (issue 20): the credit the resident has, the rest by card. The rest
is a top-up named after the payment; once it is in the wallet the payment is paid in full from the
wallet, so the order hears of one payment of its whole amount. Nothing is paid twice, nothing lost,
the ledger balanced."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import hooks, intents, ledger, ledger_report, wallet, wallet_shortfall
from tests.unit.payments.helpers import fresh

CARD = "4242424242424242"
DECLINED = "4000000000000002"


@pytest.fixture(autouse=True)
def _rest_pays_the_payment():
    hooks.on_payment_posted("topup", wallet_shortfall.pay_target)


def _credit(tx, actor, amount="6.00"):
    with tx() as db:
        p = wallet.start_top_up(db, actor, amount)
    with tx() as db:
        intents.confirm_payment(db, actor, p.id, CARD)


def _order(tx, people, purpose="order:1", amount=1500):
    with tx() as db:
        return intents.start_payment(db, people.resident, purpose=purpose, amount_minor=amount,
                                     payee=f"merchant:{people.merchant_id}")


def _balance(db, actor):
    db.expire_all()
    return wallet.balance(db, actor)


def test_the_credit_and_a_card_for_the_rest_pay_the_order_once_in_full(tx, db, people, demo):
    paid = []
    hooks.on_payment_succeeded("order", lambda s, p: paid.append((p.purpose, p.amount_minor, p.provider)))
    _credit(tx, people.resident, "6.00")
    card = _order(tx, people, amount=1500)
    assert wallet_shortfall.shortfall(db, people.resident, card.id) == (600, 900, "USD")
    with tx() as s:
        rest = wallet_shortfall.start_rest(s, people.resident, card.id)
    assert rest.amount_minor == 900 and wallet_shortfall.target_of(rest.purpose) == card.id
    assert _balance(db, people.resident) == 600 and paid == []  # nothing taken before the rest is in
    with tx() as s:
        intents.confirm_payment(s, people.resident, rest.id, CARD)
    assert paid == [("order:1", 1500, "wallet")]
    assert _balance(db, people.resident) == 0
    assert fresh(db, Payment, card.id).status == PaymentStatus.CANCELED  # the card attempt gave up
    assert ledger.held_in_escrow(db, "order:1", "USD") == 1500
    moves = [(m.kind, m.amount_minor) for m in wallet.history(db, people.resident)]
    assert moves == [("wallet_spent", -1500), ("wallet_topup", 900), ("wallet_topup", 600)]
    assert ledger_report.check_ledger(db).ok


def test_a_declined_card_for_the_rest_takes_nothing_from_the_wallet(tx, db, people, demo):
    _credit(tx, people.resident, "6.00")
    card = _order(tx, people, amount=1500)
    with tx() as s:
        rest = wallet_shortfall.start_rest(s, people.resident, card.id)
    with pytest.raises(ServiceError, match="declined"), tx() as s:
        intents.confirm_payment(s, people.resident, rest.id, DECLINED)
    assert _balance(db, people.resident) == 600
    assert fresh(db, Payment, card.id).status == PaymentStatus.REQUIRES_PAYMENT
    assert intents.paid_payment_for(db, "order:1") is None


def test_a_payment_paid_meanwhile_leaves_the_rest_in_the_wallet(tx, db, people, demo):
    """The resident paid the order by card in another tab before the rest arrived: the rest stays
    as credit, and the order is not paid twice."""
    _credit(tx, people.resident, "6.00")
    card = _order(tx, people, amount=1500)
    with tx() as s:
        rest = wallet_shortfall.start_rest(s, people.resident, card.id)
    with tx() as s:
        intents.confirm_payment(s, people.resident, card.id, CARD)
    with tx() as s:
        intents.confirm_payment(s, people.resident, rest.id, CARD)
    assert _balance(db, people.resident) == 1500
    paid = db.exec(select(Payment).where(Payment.purpose == "order:1",
                                         Payment.status == PaymentStatus.SUCCEEDED)).all()
    assert [p.provider for p in paid] == ["demo"]
    assert ledger_report.check_ledger(db).ok


@pytest.mark.parametrize(("credit", "amount", "message"), [
    (None, 1500, "Your wallet is empty"),
    ("20.00", 1500, "Your wallet covers all of this"),
])
def test_partly_from_the_wallet_is_refused_when_it_makes_no_sense(tx, db, people, demo, credit, amount, message):
    if credit:
        _credit(tx, people.resident, credit)
    card = _order(tx, people, amount=amount)
    with pytest.raises(ServiceError, match=message), tx() as s:
        wallet_shortfall.start_rest(s, people.resident, card.id)
    assert db.exec(select(Payment).where(Payment.purpose.startswith(f"topup:u{people.resident.user_id}-p"))).all() == []


def test_an_ad_or_someone_elses_payment_is_not_paid_partly_from_a_wallet(tx, db, people, demo):
    _credit(tx, people.other_resident, "6.00")
    card = _order(tx, people, amount=1500)
    with pytest.raises(NotFound), tx() as s:
        wallet_shortfall.start_rest(s, people.other_resident, card.id)
    _credit(tx, people.resident, "6.00")
    with tx() as s:
        ad = intents.start_payment(s, people.resident, purpose="ad:7", amount_minor=1500, payee="platform")
    with pytest.raises(ServiceError, match="cannot be paid from the wallet"), tx() as s:
        wallet_shortfall.start_rest(s, people.resident, ad.id)


def test_a_deployment_in_yuan_keeps_wallets_in_yuan(tx, db, people, demo):
    """HUB_WALLET_CURRENCY: a neighbourhood paying with WeChat Pay and Alipay tops up in CNY (the
    wallet apps take CNY only); a code that is not a currency stops the start."""
    from dataclasses import replace

    from community_hub.core.config import ConfigError, load_settings, override_settings, settings

    assert load_settings({"HUB_DEMO_MODE": "1", "HUB_WALLET_CURRENCY": "cny"}).wallet_currency == "CNY"
    with pytest.raises(ConfigError, match="HUB_WALLET_CURRENCY"):
        load_settings({"HUB_DEMO_MODE": "1", "HUB_WALLET_CURRENCY": "yuan"})
    override_settings(replace(settings(), wallet_currency="CNY"))
    with tx() as s:
        top = wallet.start_top_up(s, people.resident, "50")
    assert (top.amount_minor, top.currency) == (5000, "CNY")
    with pytest.raises(ServiceError, match="¥5.00"), tx() as s:
        wallet.start_top_up(s, people.resident, "1")
