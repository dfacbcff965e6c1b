"""Community partner keys (issue 19): a platform admin gives a delivery firm or an accounting tool a
read-only key for one community; it reads that community's products and its residents' orders,
nothing of another community's, and no shop route (nor a shop's key the community routes)."""

from __future__ import annotations

import pytest

from community_hub.core.db import session_scope
from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.models import Role
from community_hub.partner_api import community_reads, partner_keys
from tests import factories as f


@pytest.fixture
def admin(tx):
    with tx() as db:
        return f.actor(db, f.user(db, Role.PLATFORM_ADMIN))


@pytest.fixture
def settled(monkeypatch):
    """Changes are listed at once (the 5 s settling is tested on its own)."""
    monkeypatch.setattr(community_reads, "SETTLE_SECONDS", 0)


def _partner(tx, admin, community_id: int, **kw) -> dict[str, str]:
    with tx() as db:
        new = partner_keys.create_partner_key(db, admin, community_id, name="Swift Couriers", **kw)
    return {"Authorization": f"Bearer {new.secret}"}


def test_a_partner_key_is_made_by_an_admin_only_and_only_reads(engine, tx, shop, admin):
    community = shop.resident.community_id
    with tx() as db:
        with pytest.raises(PermissionDenied):
            partner_keys.create_partner_key(db, shop.owner, community, name="Mine")
        with pytest.raises(ServiceError, match="only reads"):
            partner_keys.create_partner_key(db, admin, community, name="Writer", scopes=["orders:write"])
        new = partner_keys.create_partner_key(db, admin, community, name="Swift Couriers")
    assert new.secret.startswith("hub_partner_")
    assert new.key.scopes == ["products:read", "orders:read"]  # read-only by default
    with session_scope(engine) as db:
        assert [(k.name, name) for k, name in partner_keys.list_partner_keys(db, admin)][0][0] == "Swift Couriers"


def test_it_reads_the_communitys_products_and_orders_and_nothing_else(api, tx, shop, admin, settled):
    headers = _partner(tx, admin, shop.resident.community_id)
    products = api.get("/api/v1/community/products", headers=headers)
    assert products.status_code == 200
    # Both shops stand in the community's circle.
    assert [(p["id"], p["merchant_id"]) for p in products.json()["data"]] == sorted(
        [(shop.product, shop.merchant), (shop.other_product, shop.other_merchant)])
    assert products.json()["data"][0]["shop"]

    order_id = shop.paid_order()
    listed = api.get("/api/v1/community/orders", headers=headers).json()
    assert [o["id"] for o in listed["data"]] == [order_id]
    assert listed["data"][0]["state"] == "paid" and listed["data"][0]["total_minor"] == 2400
    cursor = listed["data"][0]["cursor"]
    assert api.get(f"/api/v1/community/orders?after={cursor}", headers=headers).json()["data"] == []
    assert api.get(f"/api/v1/community/orders/{order_id}", headers=headers).json()["id"] == order_id

    # Another community's partner sees none of it, and the order is "not found" to it, not "forbidden".
    with tx() as db:
        elsewhere = f.community(db, lat=10.0, lon=10.0).id
    other = _partner(tx, admin, elsewhere)
    assert api.get("/api/v1/community/orders", headers=other).json()["data"] == []
    assert api.get("/api/v1/community/products", headers=other).json()["data"] == []
    missing = api.get(f"/api/v1/community/orders/{order_id}", headers=other)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_a_change_is_listed_once_it_has_settled(api, tx, shop, admin):
    headers = _partner(tx, admin, shop.resident.community_id)
    shop.paid_order()
    assert api.get("/api/v1/community/orders", headers=headers).json()["data"] == []  # still settling
    assert community_reads.SETTLE_SECONDS == 5


def test_shop_routes_and_community_routes_take_only_their_own_keys(api, tx, shop, admin):
    partner = _partner(tx, admin, shop.resident.community_id)
    refused = api.get("/api/v1/products", headers=partner)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "wrong_key_kind"
    refused = api.get("/api/v1/community/orders", headers=shop.key())
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "wrong_key_kind"


def test_a_revoked_partner_key_stops_at_once_and_every_call_is_logged(api, engine, tx, shop, admin):
    with tx() as db:
        new = partner_keys.create_partner_key(db, admin, shop.resident.community_id, name="Books Ltd")
    headers = {"Authorization": f"Bearer {new.secret}"}
    assert api.get("/api/v1/community/products", headers=headers).status_code == 200
    with tx() as db:
        partner_keys.revoke_partner_key(db, admin, new.key.id)
    gone = api.get("/api/v1/community/products", headers=headers)
    assert gone.status_code == 401 and gone.json()["error"]["code"] == "key_revoked"
    with session_scope(engine) as db:
        calls = partner_keys.partner_key_calls(db, admin, new.key.id)
    assert [(c.route, c.status) for c in calls] == [("/api/v1/community/products", 200)]


def test_an_accounting_partner_reads_money_received_against_the_communitys_bills(api, tx, shop, admin, settled):
    from datetime import date

    from community_hub.models.billing import Bill
    from community_hub.property.billing.payments import record_offline_payment

    community = shop.resident.community_id
    with tx() as db:
        bill = Bill(community_id=community, household_id=shop.resident.household_id, period="2026-12",
                    total_minor=12_000, due_date=date(2026, 12, 31))
        db.add(bill)
        db.flush()
        bill_id = bill.id
        staff = f.actor(db, f.user(db, Role.PROPERTY_STAFF, community_id=community))
    with tx() as db:
        record_offline_payment(db, staff, bill_id, 5_000, "cash")
    with tx() as db:
        record_offline_payment(db, staff, bill_id, 7_000, "bank_transfer")

    orders_only = _partner(tx, admin, community)  # products and orders: not the bills
    refused = api.get("/api/v1/community/bill-payments", headers=orders_only)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "missing_scope"
    books = _partner(tx, admin, community, scopes=["bills:read"])
    page = api.get("/api/v1/community/bill-payments", headers=books).json()
    assert [(p["type"], p["amount_minor"], p["method"]) for p in page["data"]] == [
        ("bill.payment", 5_000, "cash"), ("bill.paid", 7_000, "bank_transfer")]
    assert page["data"][1]["bill_status"] == "paid" and page["data"][1]["period"] == "2026-12"
    after = page["data"][-1]["cursor"]
    assert api.get(f"/api/v1/community/bill-payments?after={after}", headers=books).json()["data"] == []
