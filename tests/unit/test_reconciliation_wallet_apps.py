"""Reconciliation covers the phone-wallet providers' statements (issue 20): the admin's report reads
each configured wallet-app provider's statement of each day of its range (the real
python-alipay-sdk and wechatpayv3 against the local stand-ins, tests/wallet_apps/alipay_server.py
and wechat_server.py, whose bills are in the providers' layouts) and lists a line we have no record of, a payment or refund of ours missing
from the statement, an amount that differs; a provider that does not answer is unreachable, not a
mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest

from community_hub.core.errors import PermissionDenied
from community_hub.core.permissions import AdminPermission
from community_hub.models import Role
from community_hub.models.payments import Payment, Refund
from community_hub.payments import (
    hooks,
    hosted_checkout,
    intents,
    money_admin,
    refunds,
    statement_check,
)
from community_hub.payments.providers import registry
from community_hub.payments.webhooks import handle_event
from tests import factories as f
from tests.wallet_apps.alipay_server import CST, AlipayServer
from tests.wallet_apps.wechat_server import WeChatServer

ORIGIN = "http://localhost:3000"


@dataclass
class Wallet:
    """One stand-in, played the same way whichever provider it is."""

    name: str
    label: str
    server: AlipayServer | WeChatServer

    def notify(self, provider, out_trade_no: str):
        if self.name == "alipay":
            return provider.parse_notification(self.server.notification(out_trade_no), {})
        body, headers = self.server.notification(out_trade_no)
        return provider.parse_notification(body, {k.lower(): v for k, v in headers.items()})

    def set_total(self, out_trade_no: str, minor: int) -> None:
        trade = self.server.trades[out_trade_no]
        trade.total = Decimal(minor).scaleb(-2) if self.name == "alipay" else minor

    def refund_made_at(self, out_trade_no: str, refund_id: str, at: datetime) -> None:
        """Move the provider's refund (by the id we keep of it) to another day."""
        for r in self.server.trades[out_trade_no].refunds.values():
            if refund_id in (getattr(r, "refund_id", None), getattr(r, "out_request_no", None)):
                r.at = at
                return
        raise KeyError(refund_id)


@pytest.fixture(scope="module")
def servers() -> Iterator[dict]:
    with AlipayServer() as alipay, WeChatServer() as wechat:  # RSA keys take a moment: one each per module
        yield {"alipay": alipay, "wechatpay": wechat}


@pytest.fixture(params=["alipay", "wechatpay"])
def wallet(request, servers, monkeypatch) -> Iterator[Wallet]:
    server = servers[request.param]
    server.trades.clear()
    server.down = False
    for name, value in server.environ().items():  # configured as a deployment is: its settings
        monkeypatch.setenv(name, value)
    registry.reset()
    hooks.clear_hooks()  # no order behind the purposes: the payments alone are what is checked
    yield Wallet(request.param, {"alipay": "Alipay", "wechatpay": "WeChat Pay"}[request.param], server)
    registry.reset()


@pytest.fixture
def provider(wallet):
    return registry.get_provider(wallet.name)


@pytest.fixture
def people(tx):
    with tx() as db:
        c = f.community(db)
        shop = f.merchant(db)
        payer = f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id)
        owner = f.user(db, Role.MERCHANT, merchant_id=shop.id)
        finance = f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), AdminPermission.FINANCE)
        reviewer = f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), AdminPermission.REVIEW)
        return {"payer": f.actor(db, payer), "shop": f.actor(db, owner), "shop_id": shop.id, "finance": finance,
                "reviewer": reviewer}


NOW = datetime.now(CST)
YESTERDAY = (NOW - timedelta(days=1)).replace(hour=12, minute=0, second=0, microsecond=0)
TWO_DAYS_AGO = YESTERDAY - timedelta(days=1)
SINCE = datetime.combine(YESTERDAY.date(), time.min, CST).astimezone(UTC)  # the report's range: yesterday


@pytest.fixture(autouse=True)
def _statements_read_at_the_same_moment(monkeypatch):
    """The report's "yesterday" taken at the moment the dates above were: a run that crossed
    China's midnight (16:00 UTC) between importing this module and running a test read two days
    of statements, and every test here failed until 16:00 UTC the next day's import."""
    real = statement_check.statement_days
    monkeypatch.setattr(statement_check, "statement_days",
                        lambda since, until, now=None: real(since, until, now or NOW))


def _paid(tx, db, people, wallet, provider, n: int, amount: int = 2500, paid_there_at=YESTERDAY) -> Payment:
    """A real QR payment paid at the provider and recorded through its notification, on our books yesterday."""
    with tx() as s:
        payment = intents.start_payment(s, people["payer"], purpose=f"order:{n}", amount_minor=amount,
                                        currency="CNY", payee=f"merchant:{people['shop_id']}",
                                        description=f"Order #{n}", provider_name=wallet.name)
    with tx() as s:
        hosted_checkout.open_checkout(s, people["payer"], payment.id, ORIGIN)
    db.expire_all()
    out_trade_no = db.get(Payment, payment.id).checkout_id
    wallet.server.pay(out_trade_no, at=paid_there_at)
    event = wallet.notify(provider, out_trade_no)
    with tx() as s:
        assert handle_event(s, event).status == "processed"
    with tx() as s:
        f.change(s, Payment, payment.id, succeeded_at=YESTERDAY.astimezone(UTC))
    db.expire_all()
    return db.get(Payment, payment.id)


def _refund(tx, db, people, wallet, payment: Payment, amount: int, made_there_at=YESTERDAY) -> Refund:
    with tx() as s:
        refund = refunds.refund_payment(s, people["shop"], payment.id, amount, reason="test")
    wallet.refund_made_at(payment.checkout_id, refund.provider_refund_id, made_there_at)
    with tx() as s:
        f.change(s, Refund, refund.id, succeeded_at=YESTERDAY.astimezone(UTC))
    db.expire_all()
    return db.get(Refund, refund.id)


def _report(tx, people):
    with tx() as s:
        return money_admin.reconciliation_report(s, people["finance"], since=SINCE)


def _rows(rep):
    return sorted((r.provider, r.kind, r.reference, r.payment_id, r.ours_minor, r.theirs_minor, str(r.problem))
                  for r in rep.statements.mismatches)


def test_a_statement_that_agrees_with_our_books_is_no_mismatch(tx, db, people, wallet, provider):
    kept = _paid(tx, db, people, wallet, provider, 1, 2500)
    back = _paid(tx, db, people, wallet, provider, 2, 1200)
    _refund(tx, db, people, wallet, back, 1200)  # all of it back, on the same day
    rep = _report(tx, people)
    assert rep.statements.days_read == 1 and rep.statements.unreachable == []
    assert rep.statements.mismatches == []
    assert rep.ok, (rep.mismatches, rep.statements)
    assert kept.status == "succeeded"


def test_a_payment_on_the_statement_we_have_no_record_of(tx, db, people, wallet, provider):
    _paid(tx, db, people, wallet, provider, 1)
    stray = provider.create_checkout(1999, "CNY", "somewhere:else", {}, description="x", success_url="",
                                     cancel_url="")
    wallet.server.pay(stray.id, at=YESTERDAY)
    rep = _report(tx, people)
    assert _rows(rep) == [(wallet.name, "payment", stray.id, None, None, 1999,
                           "a payment of 19.99 on the provider's statement we have no record of")]
    assert not rep.ok


def test_our_payment_missing_from_the_statement(tx, db, people, wallet, provider):
    late = _paid(tx, db, people, wallet, provider, 1, paid_there_at=TWO_DAYS_AGO)  # not on yesterday's bill
    rep = _report(tx, people)
    assert _rows(rep) == [(wallet.name, "payment", late.checkout_id, late.id, 2500, None,
                           "our payment of 25.00 is missing from the provider's statement")]
    assert not rep.ok


def test_an_amount_that_differs(tx, db, people, wallet, provider):
    payment = _paid(tx, db, people, wallet, provider, 1)
    wallet.set_total(payment.checkout_id, 2600)  # the statement says otherwise
    rep = _report(tx, people)
    assert _rows(rep) == [(wallet.name, "payment", payment.checkout_id, payment.id, 2500, 2600,
                           "the statement says 26.00, our record 25.00")]


def test_refunds_missing_from_the_statement_and_unknown_to_us(tx, db, people, wallet, provider):
    payment = _paid(tx, db, people, wallet, provider, 1)
    ours = _refund(tx, db, people, wallet, payment, 500, made_there_at=TWO_DAYS_AGO)  # not on yesterday's bill
    theirs = provider.refund(payment.provider_id, "made:elsewhere", 300)  # a refund nobody recorded
    wallet.refund_made_at(payment.checkout_id, theirs.id, YESTERDAY)
    rep = _report(tx, people)
    assert _rows(rep) == sorted([
        (wallet.name, "refund", ours.provider_refund_id, payment.id, 500, None,
         "our refund of 5.00 is missing from the provider's statement"),
        (wallet.name, "refund", theirs.id, None, None, 300,
         "a refund of 3.00 on the provider's statement we have no record of"),
    ])


def test_a_provider_that_does_not_answer_is_unreachable_not_a_mismatch(tx, db, people, wallet, provider):
    _paid(tx, db, people, wallet, provider, 1)
    wallet.server.down = True
    rep = _report(tx, people)
    assert rep.statements.mismatches == [] and rep.statements.days_read == 0
    [unreachable] = rep.statements.unreachable
    assert unreachable.startswith(f"{wallet.label}, statement of {YESTERDAY.date().isoformat()}: ")
    assert not rep.ok


def test_only_finance_reads_the_statements(tx, people, wallet):
    with tx() as s, pytest.raises(PermissionDenied):
        statement_check.check_statements(s, people["reviewer"], since=SINCE)
    with tx() as s, pytest.raises(PermissionDenied):
        money_admin.reconciliation_report(s, people["reviewer"], since=SINCE)


def test_the_range_is_the_complete_days_up_to_yesterday():
    now = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)  # 11:00 in China
    assert statement_check.statement_days(datetime(2026, 12, 1, 17, 0, tzinfo=UTC), None, now) == [
        datetime(2026, 12, 2).date(), datetime(2026, 12, 3).date()]  # 17:00 UTC on the 1st is the 2nd in China
    assert len(statement_check.statement_days(None, None, now)) == statement_check.DEFAULT_DAYS
    assert len(statement_check.statement_days(datetime(2025, 1, 1, tzinfo=UTC), None, now)) == \
        statement_check.MAX_DAYS


def test_a_partial_refund_is_no_mismatch_of_the_payment_either(tx, db, people, wallet, provider):
    """The order query of a phone wallet does not say what was refunded of a trade still open: the
    payment's own row compares what was received, its refunds are checked on the statement."""
    part = _paid(tx, db, people, wallet, provider, 1, 2500)
    _refund(tx, db, people, wallet, part, 500)
    rep = _report(tx, people)
    assert rep.mismatches == [] and rep.statements.mismatches == []
    assert rep.ok, (rep.mismatches, rep.statements)
