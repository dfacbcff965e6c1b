"""Signing for a paid order moves its money from escrow to the shop (less the category fee) at
once; an hour later housekeeping closes the books on it. The ledger balances throughout."""

from __future__ import annotations

from datetime import timedelta

from community_hub import housekeeping
from community_hub.marketplace import orders
from community_hub.models.base import utcnow
from community_hub.models.orders import Order
from community_hub.payments import ledger, ledger_report
from tests.unit.shopping.steps import deliver, pay


def test_signing_settles_and_housekeeping_closes_the_order(engine, tx, db, world):
    resident, owner, oid = world["resident"], world["owner"], world["order_id"]
    pay(tx, resident, oid)
    paid = db.get(Order, oid).total_minor
    shop = f"merchant:{world['merchant']}"
    deliver(tx, owner, oid)
    assert ledger.owed_to(db, shop, "USD") == 0  # nothing is the shop's before the resident signs
    with tx() as s:
        orders.sign_order(s, resident, oid)
    fee = paid - ledger.owed_to(db, shop, "USD")
    assert 0 < fee < paid  # the shop is owed the payment less a service fee
    assert ledger_report.check_ledger(db).ok
    db.expire_all()
    assert db.get(Order, oid).state == "signed"

    assert housekeeping.run_once(engine, utcnow() + timedelta(minutes=30))["orders settled"] == 0
    assert housekeeping.run_once(engine, utcnow() + timedelta(hours=2))["orders settled"] == 1
    assert housekeeping.run_once(engine, utcnow() + timedelta(hours=3))["orders settled"] == 0
    db.expire_all()
    assert db.get(Order, oid).state == "settled"
    assert paid - ledger.owed_to(db, shop, "USD") == fee  # settled once, not twice
    assert ledger_report.check_ledger(db).ok


def test_an_unsigned_delivery_is_signed_after_the_configured_hours(engine, tx, db, world):
    from community_hub.core.config import load_settings, override_settings

    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "s", "HUB_AUTO_SIGN_HOURS": "6"}))
    resident, owner, oid = world["resident"], world["owner"], world["order_id"]
    pay(tx, resident, oid)
    deliver(tx, owner, oid, courier_phone="")
    assert housekeeping.run_once(engine, utcnow() + timedelta(hours=5))["orders auto-signed"] == 0
    assert housekeeping.run_once(engine, utcnow() + timedelta(hours=7))["orders auto-signed"] == 1
    db.expire_all()
    assert db.get(Order, oid).state in ("signed", "settled")
    assert ledger.owed_to(db, f"merchant:{world['merchant']}", "USD") > 0  # the shop is owed its money
    assert ledger_report.check_ledger(db).ok
