"""What people see of their money: merchant statements and CSV, fee ratios, payout schedule,
reconciliation, and the `ledger-check` command."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from community_hub.core.config import load_settings, override_settings
from community_hub.core.db import create_all, make_engine
from community_hub.core.errors import ServiceError
from community_hub.ledger_check import main as ledger_check_main
from community_hub.models.base import utcnow
from community_hub.models.payments import Payment, Payout
from community_hub.payments import (
    common,
    intents,
    ledger,
    ledger_report,
    money_admin,
    payouts,
    refunds,
    statements,
)


def _paid_order(tx, people, purpose, amount):
    with tx() as db:
        p = intents.start_payment(db, people.resident, purpose=purpose, amount_minor=amount,
                              payee=f"merchant:{people.merchant_id}", description=f"Groceries {purpose}")
    with tx() as db:
        intents.confirm_payment(db, people.resident, p.id, "4242424242424242")
    return p


def _settle(tx, people, purpose):
    with tx() as db:
        intents.settle_order(db, purpose)


def test_fee_ratio_is_set_by_admins_only_and_used_at_settlement(tx, db, people, demo):
    with pytest.raises(ServiceError, match="platform admin"), tx() as s:
        money_admin.set_fee_ratio(s, people.merchant, "grocery", 100)
    with pytest.raises(ServiceError, match="between 0% and 50%"), tx() as s:
        money_admin.set_fee_ratio(s, people.admin, "grocery", 9000)
    with tx() as s:
        money_admin.set_fee_ratio(s, people.admin, "Grocery", 800)
        money_admin.set_fee_ratio(s, people.admin, "*", 300)
    assert ledger.fee_bps(db, "grocery") == 800 and ledger.fee_bps(db, "florist") == 300
    _paid_order(tx, people, "order:1", 10_000)
    _settle(tx, people, "order:1")
    assert ledger.owed_to(db, f"merchant:{people.merchant_id}", "USD") == 9200
    assert [r.category for r in money_admin.fee_ratios(db, people.admin)] == ["*", "grocery"]


def test_merchant_statement_lists_sales_fees_refunds_payouts_and_exports_csv(tx, db, people, demo):
    a = _paid_order(tx, people, "order:1", 10_000)
    _paid_order(tx, people, "order:2", 4_000)
    with tx() as s:
        refunds.refund_payment(s, people.merchant, a.id, 2_000, reason="bruised apples")  # before settlement
    _settle(tx, people, "order:1")
    _settle(tx, people, "order:2")
    with tx() as s:
        payouts.set_payout_account(s, people.merchant, people.merchant_id, "acct_demo_shop1")
    with tx() as s:
        payout = payouts.send_payout(s, people.admin, people.merchant_id, 5_000)
    start, end = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=1)
    st = statements.merchant_statement(db, people.merchant, people.merchant_id, start, end)
    assert [r.kind for r in st.rows] == ["order_paid", "order_paid", "refund", "order_settled", "order_settled",
                                         "payout_sent"]
    assert st.sales_minor == 12_000 and st.service_fees_minor == 600  # 5% default on 8000 + 4000
    assert st.refunds_minor == 2_000 and st.payouts_minor == 5_000
    assert st.owed_now == {"USD": 12_000 - 600 - 5_000}
    settled = [r for r in st.rows if r.kind == "order_settled"]
    assert [(r.gross_minor, r.service_fee_minor, r.net_minor) for r in settled] == [(8000, 400, 7600), (4000, 200, 3800)]
    text_csv = statements.statement_csv(st)
    rows = list(csv.DictReader(io.StringIO(text_csv)))
    assert rows[0].keys() >= {"date", "type", "reference", "gross", "service_fee", "net_to_shop", "currency"}
    assert [r["net_to_shop"] for r in rows] == ["0.00", "0.00", "0.00", "76.00", "38.00", "-50.00"]
    assert rows[2]["gross"] == "-20.00" and rows[-1]["type"] == "Payout"
    # A date range that excludes everything, and other people's shops.
    assert statements.merchant_statement(db, people.merchant, people.merchant_id, end, end + timedelta(days=1)).rows == []
    with pytest.raises(ServiceError, match="own shop"):
        statements.merchant_statement(db, people.other_merchant, people.merchant_id, start, end)
    assert [p.id for p in statements.merchant_payouts(db, people.merchant, people.merchant_id)] == [payout.id]
    report = money_admin.reconciliation_report(db, people.admin)
    assert report.ok and len(report.rows) == 2


def test_refund_after_settlement_comes_from_the_shop_and_the_fee(tx, db, people, demo):
    a = _paid_order(tx, people, "order:1", 10_000)
    _settle(tx, people, "order:1")
    with tx() as s:
        refunds.refund_payment(s, people.merchant, a.id, 4_000)
    assert ledger.owed_to(db, f"merchant:{people.merchant_id}", "USD") == 9_500 - 3_800
    st = statements.merchant_statement(db, people.merchant, people.merchant_id, utcnow() - timedelta(hours=1),
                                       utcnow() + timedelta(hours=1))
    refund = next(r for r in st.rows if r.kind == "refund")
    assert (refund.gross_minor, refund.service_fee_minor, refund.net_minor) == (-4000, -200, -3800)


def test_scheduled_payouts_wait_for_the_hold_and_skip_shops_without_an_account(tx, db, people, demo):
    _paid_order(tx, people, "order:1", 10_000)
    _settle(tx, people, "order:1")
    with db.begin():
        db.exec(text("UPDATE ledgertransaction SET created_at = :t WHERE kind = 'order_settled'").bindparams(
            t=(utcnow() - timedelta(days=10)).replace(tzinfo=None) if db.bind.dialect.name == "sqlite"
            else utcnow() - timedelta(days=10)))
    with tx() as s:
        money_admin.set_payout_schedule(s, people.admin, interval_days=7, hold_days=7)
    with tx() as s:  # no connected account yet: listed, nothing sent
        runs = payouts.run_due_payouts(s, people.admin)
    assert [(r.merchant_id, r.outcome) for r in runs] == [(people.merchant_id, "skipped")]
    assert "payout account" in runs[0].message
    _paid_order(tx, people, "order:2", 3_000)
    _settle(tx, people, "order:2")  # settled just now: still inside the hold
    with tx() as s:
        payouts.set_payout_account(s, people.merchant, people.merchant_id, "acct_demo_shop1")
    with tx() as s:
        runs = payouts.run_due_payouts(s, common.SYSTEM)
    assert [(r.outcome, r.amount_minor) for r in runs] == [("sent", 9_500)]
    assert ledger.owed_to(db, f"merchant:{people.merchant_id}", "USD") == 2_850
    with tx() as s:  # paid this week already
        assert payouts.run_due_payouts(s, people.admin) == []
    assert len(db.exec(select(Payout)).all()) == 1
    with pytest.raises(ServiceError, match="platform admin"), tx() as s:
        payouts.run_due_payouts(s, people.merchant)


def test_reconciliation_lists_a_payment_the_ledger_missed(tx, db, people, demo):
    p = _paid_order(tx, people, "order:1", 2_000)
    with db.begin():  # simulate a lost posting (what reconciliation exists to catch)
        db.exec(text("DELETE FROM ledgerposting"))
        db.exec(text("DELETE FROM ledgertransaction"))
        db.exec(text("UPDATE ledgeraccount SET balance_minor = 0"))
    report = money_admin.reconciliation_report(db, people.admin)
    assert [m.payment_id for m in report.mismatches] == [p.id]
    assert "provider has 20.00, ledger has 0.00" in report.mismatches[0].problem
    assert db.get(Payment, p.id) is not None


def test_ledger_check_command_exit_codes(tmp_path, capsys, people, demo, tx, engine):
    url = str(engine.url.render_as_string(hide_password=False))
    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "t", "REFLEX_DB_URL": url}))
    _paid_order(tx, people, "order:1", 2_000)
    assert ledger_check_main([]) == 0
    assert "ledger OK" in capsys.readouterr().out
    with engine.begin() as conn:
        conn.execute(text("UPDATE ledgeraccount SET balance_minor = balance_minor + 1 WHERE kind = 'escrow'"))
    assert ledger_check_main(["--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and "escrow" in out["problems"][0]
    with engine.begin() as conn:
        conn.execute(text("UPDATE ledgeraccount SET balance_minor = balance_minor - 1 WHERE kind = 'escrow'"))
        conn.execute(text("UPDATE ledgerposting SET amount_minor = amount_minor + 5 WHERE id = "
                          "(SELECT min(id) FROM ledgerposting)"))
    assert ledger_check_main([]) == 1
    assert "PROBLEM" in capsys.readouterr().out
    empty = make_engine(f"sqlite:///{tmp_path}/empty.db")
    with empty.connect():
        pass
    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "t",
                                     "REFLEX_DB_URL": f"sqlite:///{tmp_path}/empty.db"}))
    assert ledger_check_main([]) == 2
    assert "do not exist" in capsys.readouterr().err
    create_all(empty)
    assert ledger_check_main([]) == 0


def test_reconciliation_flags_a_purpose_paid_twice(tx, db, people, demo):
    with tx() as s:
        for attempt in (1, 2):  # two tabs, two attempts, both went through at the provider
            s.add(Payment(purpose="order:9", attempt=attempt, payer_user_id=people.resident.user_id,
                          amount_minor=500, captured_minor=500, currency="USD", provider="demo",
                          status="succeeded", idempotency_key=f"order:9:pay:{attempt}"))
    report = money_admin.reconciliation_report(db, people.admin)
    assert report.paid_twice == ["order:9"] and not report.ok


def test_settling_needs_a_paid_shop_order_and_posts_once(tx, db, people, demo):
    with pytest.raises(ServiceError, match="no paid shop order"), tx() as s:
        intents.settle_order(s, "order:404")
    _paid_order(tx, people, "order:1", 1_000)
    _settle(tx, people, "order:1")
    _settle(tx, people, "order:1")  # the orders service may call it again: nothing more is posted
    assert ledger.owed_to(db, f"merchant:{people.merchant_id}", "USD") == 950
    assert ledger_report.check_ledger(db).ok
