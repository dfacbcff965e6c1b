"""Ledger invariants under any sequence of business events (hypothesis): every transaction
balances, every balance equals its postings, limits hold, refusals and replays post nothing."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from community_hub.core.db import session_scope
from community_hub.core.errors import ServiceError
from community_hub.models.catalog import Category
from community_hub.models.ledger import AccountKind, LedgerAccount, LedgerPosting, LedgerTransaction
from community_hub.payments import ledger, ledger_postings, ledger_report
from community_hub.payments.money_admin import set_fee_ratio
from tests import factories as f

_example = itertools.count(1)
ORDERS = 2  # few objects, so events often meet the same order (refund after settle, twice...)
CURRENCY = {0: "USD", 1: "EUR"}
amounts = st.integers(min_value=1, max_value=5_000)
# Refunds and payouts are drawn relative to what is left (the model's view), so the limits are
# hit right at the edge: one cent under, exactly, one cent over, far over.
offsets = st.sampled_from([-500, -1, 0, 1, 700])
# One event: a kind (orders, where the limits interplay, drawn more often) and raw numbers that
# each kind reads in its own way.
KINDS = ["pay", "pay", "settle", "refund", "refund", "refund", "property_fee", "deposit_hold",
         "deposit_release", "deposit_forfeit", "commission", "payout", "payout", "replay"]
CATEGORIES = ["grocery", "restaurant", "books"]
OWNERS = ["merchant:1", "merchant:2", "agent:1", "property:1"]
BENEFICIARIES = ["platform", "merchant:1", "property:1"]


def _event(raw):
    kind, i, amount, offset, pick = raw
    return {
        "pay": ("pay", i % ORDERS, amount),
        "settle": ("settle", i % ORDERS, CATEGORIES[pick % 3]),
        "refund": ("refund", i % ORDERS, offset),
        "property_fee": ("property_fee", 1 + i % 2, amount),
        "deposit_hold": ("deposit_hold", i % 2, amount),
        "deposit_release": ("deposit_release", i % 2, None if pick % 2 else amount),
        "deposit_forfeit": ("deposit_forfeit", i % 2, BENEFICIARIES[pick % 3]),
        "commission": ("commission", 1 + i % 2, amount, ["platform", "merchant:1"][pick % 2]),
        "payout": ("payout", OWNERS[pick % 4], offset),
        "replay": ("replay", i),
    }[kind]


events = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 50), amounts, offsets, st.integers(0, 11)).map(_event),
    min_size=10, max_size=30)


def _apply(db, ev, prefix: str, n: int):
    """Post one event; returns a callable that posts the very same event again (for replays)."""
    kind = ev[0]
    if kind == "pay":
        ref, cur = f"{prefix}order:{ev[1]}", CURRENCY[ev[1]]
        args = dict(reference=ref, source=f"{prefix}payment:{n}", amount_minor=ev[2], currency=cur, provider="stripe",
                    counterparty=f"merchant:{1 + ev[1] % 2}")
        return ledger_postings.order_paid(db, **args), lambda s: ledger_postings.order_paid(s, **args)
    if kind == "settle":
        args = dict(reference=f"{prefix}order:{ev[1]}", merchant_id=1 + ev[1] % 2, category=ev[2],
                    currency=CURRENCY[ev[1]])
        return ledger_postings.order_settled(db, **args), lambda s: ledger_postings.order_settled(s, **args)
    if kind == "refund":
        args = dict(reference=f"{prefix}order:{ev[1]}", source=f"{prefix}refund:{n}", amount_minor=ev[2],
                    currency=CURRENCY[ev[1]], provider="stripe", counterparty=f"merchant:{1 + ev[1] % 2}")
        return ledger_postings.refund(db, **args), lambda s: ledger_postings.refund(s, **args)
    if kind == "property_fee":
        args = dict(reference=f"{prefix}bill:{n}", source=f"{prefix}payment:{n}", company_id=ev[1],
                    amount_minor=ev[2], currency="USD", provider="demo")
        return ledger_postings.property_fee_paid(db, **args), lambda s: ledger_postings.property_fee_paid(s, **args)
    if kind == "deposit_hold":
        args = dict(reference=f"{prefix}deposit:{ev[1]}", source=f"{prefix}payment:{n}", amount_minor=ev[2],
                    currency="USD", provider="stripe")
        return ledger_postings.deposit_held(db, **args), lambda s: ledger_postings.deposit_held(s, **args)
    if kind == "deposit_release":
        args = dict(reference=f"{prefix}deposit:{ev[1]}", source=f"{prefix}release:{n}", currency="USD",
                    provider="stripe", amount_minor=ev[2])
        return ledger_postings.deposit_released(db, **args), lambda s: ledger_postings.deposit_released(s, **args)
    if kind == "deposit_forfeit":
        args = dict(reference=f"{prefix}deposit:{ev[1]}", source=f"{prefix}forfeit:{n}", currency="USD",
                    beneficiary=ev[2])
        return ledger_postings.deposit_forfeited(db, **args), lambda s: ledger_postings.deposit_forfeited(s, **args)
    if kind == "commission":
        args = dict(reference=f"{prefix}membership:{n}", source=f"{prefix}commission:{n}", agent_id=ev[1],
                    amount_minor=ev[2], currency="USD", payer=ev[3])
        return ledger_postings.commission_accrued(db, **args), lambda s: ledger_postings.commission_accrued(s, **args)
    if kind == "payout":
        # Owners are shared across examples: pay out from what this run can see is owed.
        args = dict(reference=f"{prefix}payout:{n}", owner=ev[1], amount_minor=ev[2], currency="USD",
                    provider="stripe")
        return ledger_postings.payout_sent(db, **args), lambda s: ledger_postings.payout_sent(s, **args)
    raise AssertionError(kind)


def _counts(db) -> tuple[int, int]:
    return (db.exec(select(func.count(LedgerTransaction.id))).one(),
            db.exec(select(func.count(LedgerPosting.id))).one())


def _assert_invariants(db, prefix: str) -> None:
    report = ledger_report.check_ledger(db)
    assert report.ok, report.problems()
    assert all(total == 0 for total in report.currency_sums.values())
    # Every account's balance is its postings (cached and derived agree) ...
    for acc in db.exec(select(LedgerAccount)).all():
        db.refresh(acc)
        assert ledger.balance(db, acc) == acc.balance_minor
    # ... and each business object holds no negative money.
    refs = {t.reference for t in db.exec(select(LedgerTransaction).where(LedgerTransaction.reference.like(f"{prefix}%")))}
    for ref in refs:
        cur = "EUR" if ref.startswith(f"{prefix}order:") and CURRENCY[int(ref.rsplit(":", 1)[1])] == "EUR" else "USD"
        assert ledger.paid_net(db, ref, cur) >= 0, ref
        assert ledger.held_in_escrow(db, ref, cur) >= 0, ref


@pytest.fixture
def shops(tx):
    with tx() as db:
        f.merchant(db), f.merchant(db)
        db.add(Category(slug="restaurant", name="Restaurants"))  # fees are set on the tree's categories
        admin = f.actor(db, f.user(db, "platform_admin"))
        set_fee_ratio(db, admin, "grocery", 500)
        set_fee_ratio(db, admin, "restaurant", 1250)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(sequence=events)
def test_any_sequence_of_business_events_keeps_the_ledger_whole(engine, shops, sequence):
    prefix = f"ex{next(_example)}:"
    replays = []
    paid: dict[int, int] = {}  # what the model says is left to refund per order
    for n, ev in enumerate(sequence):
        if ev[0] == "replay":
            if replays:
                with session_scope(engine) as db:
                    before = _counts(db)
                    replays[ev[1] % len(replays)](db)
                    assert _counts(db) == before, "a replayed business event posted again"
            continue
        owed_before = None
        try:
            with session_scope(engine) as db:
                before = _counts(db)
                if ev[0] == "payout":
                    owed_before = ledger.owed_to(db, ev[1], "USD")
                    ev = (ev[0], ev[1], max(1, owed_before + ev[2]))
                if ev[0] == "refund":
                    ev = (ev[0], ev[1], max(1, paid.get(ev[1], 0) + ev[2]))
                posted, again = _apply(db, ev, prefix, n)
        except ServiceError:
            with session_scope(engine) as db:
                assert _counts(db) == before, "a refused event left postings behind"
            if ev[0] == "refund":
                assert ev[2] > paid.get(ev[1], 0)
            if ev[0] == "payout":
                assert ev[2] > owed_before
            continue
        if posted is not None:
            replays.append(again)
        if ev[0] == "pay":
            paid[ev[1]] = paid.get(ev[1], 0) + ev[2]
        if ev[0] == "refund":
            assert ev[2] <= paid.get(ev[1], 0), "a refund above what was paid went through"
            paid[ev[1]] -= ev[2]
        if ev[0] == "payout":
            assert ev[2] <= owed_before
    with session_scope(engine) as db:
        _assert_invariants(db, prefix)
        for i, left in paid.items():
            assert ledger.paid_net(db, f"{prefix}order:{i}", CURRENCY[i]) == left


def test_post_refuses_unbalanced_zero_and_single_line_transactions(tx, db):
    line = ledger.Line
    bad = [
        [],
        [line(AccountKind.ESCROW, "escrow", 100, "USD")],
        [line(AccountKind.ESCROW, "escrow", 100, "USD"), line(AccountKind.PLATFORM_REVENUE, "platform", -99, "USD")],
        [line(AccountKind.ESCROW, "escrow", 0, "USD"), line(AccountKind.PLATFORM_REVENUE, "platform", 0, "USD")],
        [line(AccountKind.ESCROW, "escrow", 100, "USD"), line(AccountKind.PLATFORM_REVENUE, "platform", -100, "EUR")],
        [line(AccountKind.ESCROW, "escrow", 100, "usd!"), line(AccountKind.PLATFORM_REVENUE, "platform", -100, "usd!")],
    ]
    for lines in bad:
        with pytest.raises(ServiceError), tx() as s:
            ledger.post(s, "test", "x:1", lines, f"k{len(lines)}{id(lines)}")
    assert db.exec(select(LedgerTransaction)).all() == []
    # Two currencies, each balanced, is one valid transaction (an exchange).
    with tx() as s:
        ledger.post(s, "exchange", "fx:1", [
            line(AccountKind.ESCROW, "escrow", 100, "USD"), line(AccountKind.PLATFORM_REVENUE, "platform", -100, "USD"),
            line(AccountKind.ESCROW, "escrow", -90, "EUR"), line(AccountKind.PLATFORM_REVENUE, "platform", 90, "EUR"),
        ], "fx:1")
    assert ledger_report.check_ledger(db).ok


def test_settlement_takes_the_category_fee_and_refund_after_settlement_returns_it_in_proportion(tx, db, shops):
    with tx() as s:
        ledger_postings.order_paid(s, reference="order:1", source="payment:1", amount_minor=10_000, currency="USD",
                          provider="stripe", counterparty="merchant:1")
        ledger_postings.order_settled(s, reference="order:1", merchant_id=1, category="restaurant", currency="USD")
    assert ledger.owed_to(db, "merchant:1", "USD") == 8750
    assert -ledger.balance_of(db, AccountKind.PLATFORM_REVENUE, "platform", "USD") == 1250
    with tx() as s:
        ledger_postings.refund(s, reference="order:1", source="refund:1", amount_minor=4000, currency="USD",
                      provider="stripe", counterparty="merchant:1")
    assert ledger.owed_to(db, "merchant:1", "USD") == 8750 - 3500
    assert -ledger.balance_of(db, AccountKind.PLATFORM_REVENUE, "platform", "USD") == 1250 - 500
    with pytest.raises(ServiceError, match="more than what is left"), tx() as s:
        ledger_postings.refund(s, reference="order:1", source="refund:2", amount_minor=6001, currency="USD",
                      provider="stripe", counterparty="merchant:1")
    assert ledger_report.check_ledger(db).ok
