"""Refunds by the back office (issue 18): customer service refunds up to the limit on its own
(settings().cs_refund_limit_minor, 50.00 unless HUB_CS_REFUND_LIMIT_MINOR says otherwise); a
larger refund needs finance; review or content admins refund nothing. Refused refunds post nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from community_hub.core.config import load_settings, override_settings, settings
from community_hub.core.errors import PermissionDenied
from community_hub.core.permissions import AdminPermission
from community_hub.models import Role
from community_hub.models.payments import Refund
from community_hub.payments import intents, refunds
from tests import factories as f


def _paid(tx, people, amount=9000):
    with tx() as db:
        p = intents.start_payment(db, people.resident, purpose="order:1", amount_minor=amount,
                                  payee=f"merchant:{people.merchant_id}")
    with tx() as db:
        intents.confirm_payment(db, people.resident, p.id, "4242424242424242")
    return p.id


def _admin(tx, *held):
    with tx() as db:
        return f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), *held)


def test_customer_service_refunds_up_to_the_limit_and_finance_above_it(tx, db, people, demo):
    payment_id = _paid(tx, people)
    service, finance = _admin(tx, AdminPermission.CUSTOMER_SERVICE), _admin(tx, AdminPermission.FINANCE)
    with pytest.raises(PermissionDenied, match=r"up to \$50\.00; a larger refund needs finance"), tx() as s:
        refunds.refund_payment(s, service, payment_id, 5001, "goodwill")
    assert db.exec(select(Refund)).all() == []
    with tx() as s:
        refunds.refund_payment(s, service, payment_id, 5000, "goodwill")
    with tx() as s:
        refunds.refund_payment(s, finance, payment_id, 4000, "damaged")
    assert sorted(r.amount_minor for r in db.exec(select(Refund)).all()) == [4000, 5000]


def test_review_and_content_admins_refund_nothing(tx, db, people, demo):
    payment_id = _paid(tx, people, 1000)
    for held in (AdminPermission.REVIEW, AdminPermission.CONTENT, None):
        admin = _admin(tx, *([held] if held else []))
        with pytest.raises(PermissionDenied, match="Only the shop that was paid"), tx() as s:
            refunds.refund_payment(s, admin, payment_id, 100, "")
    assert db.exec(select(Refund)).all() == []


def test_the_limit_is_a_setting(tx, db, people, demo):
    payment_id = _paid(tx, people, 1000)
    service = _admin(tx, AdminPermission.CUSTOMER_SERVICE)
    override_settings(replace(settings(), cs_refund_limit_minor=200))
    with pytest.raises(PermissionDenied, match=r"up to \$2\.00"), tx() as s:
        refunds.refund_payment(s, service, payment_id, 300, "")
    with tx() as s:
        refunds.refund_payment(s, service, payment_id, 200, "")
    assert [r.amount_minor for r in db.exec(select(Refund)).all()] == [200]
    assert load_settings({"HUB_CS_REFUND_LIMIT_MINOR": "12000", "HUB_DEMO_MODE": "1"}).cs_refund_limit_minor == 12000
