"""Two app workers run housekeeping at once: each commission line out of its freeze window is
released exactly once (claimed with FOR UPDATE SKIP LOCKED), and the ledger stays balanced."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from community_hub import housekeeping
from community_hub.core.db import make_engine
from community_hub.membership import commission, referral
from community_hub.models import Role
from community_hub.models.base import utcnow
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.orders import Order
from community_hub.models.referrals import Agent, CommissionLine
from community_hub.payments import ledger_postings, ledger_report
from tests import factories as f
from tests.unit.membership.conftest import default_plan

LINES = 12


def _arrange(tx, club) -> None:
    """LINES signed orders of a member referred by an agent: one pending line each."""
    default_plan(tx, club["admin"], ratios=(1000,), cap=1000)
    with tx() as db:
        agent_user = f.user(db, Role.RESIDENT)
        db.add(Agent(user_id=agent_user.id, name="Agent"))
        buyer = f.user(db, Role.RESIDENT)
        referral.bind_at_sign_up(db, buyer.id, referral.code_of(db, agent_user.id))
        shop = f.merchant(db)
        for n in range(LINES):
            o = Order(user_id=buyer.id, merchant_id=shop.id, state="signed", currency="USD", total_minor=2000,
                      idempotency_key=f"release-{n}", signed_at=utcnow())
            db.add(o)
            db.flush()
            ledger_postings.order_paid(db, reference=f"order:{o.id}", source=f"payment:r{o.id}", amount_minor=2000,
                                       currency="USD", provider="demo")
            ledger_postings.order_settled(db, reference=f"order:{o.id}", merchant_id=shop.id, category="grocery",
                                          currency="USD")
            commission.on_order_transition(db, o, "delivered", "signed")


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_two_workers_release_each_commission_once(engine, tx, db, club):
    _arrange(tx, club)
    assert db.exec(select(func.count()).select_from(CommissionLine)).one() == LINES
    url = engine.url.render_as_string(hide_password=False)
    later = utcnow() + timedelta(days=8)
    start = threading.Barrier(2)
    passes: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def app_worker():
        eng = make_engine(url)
        try:
            start.wait(timeout=60)
            passes.append(housekeeping.run_once(eng, later))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            eng.dispose()

    workers = [threading.Thread(target=app_worker) for _ in range(2)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=300)
    assert errors == [] and len(passes) == 2
    total = Counter()
    for counts in passes:
        assert counts["commissions released"] >= 0, counts
        total.update(counts)
    assert total["commissions released"] == LINES
    db.expire_all()
    assert {ln.state for ln in db.exec(select(CommissionLine))} == {"available"}
    released = db.exec(select(func.count()).select_from(LedgerTransaction)
                       .where(LedgerTransaction.kind == "commission_released")).one()
    assert released == LINES
    assert housekeeping.run_once(engine, later)["commissions released"] == 0
    assert ledger_report.check_ledger(db).ok


def test_nothing_is_released_inside_the_freeze_window(engine, tx, db, club):
    _arrange(tx, club)
    assert housekeeping.run_once(engine, utcnow() + timedelta(days=6))["commissions released"] == 0
    assert housekeeping.run_once(engine, utcnow() + timedelta(days=7, minutes=1))["commissions released"] == LINES
