"""Products go live only when approved (issue 18): new products and edits of name, photos, price or
category wait for an admin unless the shop is trusted; residents see only the approved version."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.marketplace import cart, catalog, merchant_supervision, search
from community_hub.marketplace.catalog import product_review
from community_hub.models import AuditEntry, OutboxMessage, Product
from community_hub.models.accounts import Role
from community_hub.models.product_review import ChangeState, ProductChange
from tests import factories as f
from tests.bell_rings import committed, rings
from tests.unit.marketplace.conftest import fresh


def _untrust(tx, w):
    with tx() as s:
        merchant_supervision.set_trusted(s, w.admin, w.shop.id, False)


def _waiting(db, product_id):
    db.expire_all()
    return db.exec(select(ProductChange).where(ProductChange.product_id == product_id,
                                               ProductChange.state == ChangeState.PENDING)).one()


def _found(db, w, q):
    db.expire_all()
    return [h.product.id for h in search.search(db, w.community, q).products]


def test_a_new_product_is_hidden_until_an_admin_approves_it(world, tx, db):
    w = world
    _untrust(tx, w)
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Plum jam", price_minor=450, stock=5)
    assert not fresh(db, Product, p.id).live and fresh(db, Product, p.id).review_state == "pending"
    assert _found(db, w, "plum") == []
    with pytest.raises(ServiceError, match="not available"), tx() as s:
        cart.add_to_cart(s, w.resident, p.id, 1)
    queue = product_review.review_queue(db, w.admin)
    assert [(q.product.id, q.change.kind, q.shop) for q in queue] == [(p.id, "new", w.shop.name)]
    with pytest.raises(PermissionDenied), tx() as s:
        product_review.approve_change(s, w.merchant, queue[0].change.id, queue[0].change.revision)
    with tx() as s:
        finance = f.sub_roles(s, f.user(s, Role.PLATFORM_ADMIN), "finance")
    with pytest.raises(PermissionDenied), tx() as s:
        product_review.approve_change(s, finance, queue[0].change.id, queue[0].change.revision)
    with tx() as s:
        product_review.approve_change(s, w.admin, queue[0].change.id, queue[0].change.revision)
    assert fresh(db, Product, p.id).live and _found(db, w, "plum") == [p.id]
    with tx() as s:
        cart.add_to_cart(s, w.resident, p.id, 1)
    told = db.exec(select(OutboxMessage).where(OutboxMessage.user_id == w.merchant.user_id)).all()
    assert any("Plum jam" in m.subject and "approved" in m.subject for m in told)
    assert product_review.review_queue(db, w.admin) == []


def test_an_edit_waits_while_the_approved_version_stays_on_sale(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Rye bread", price_minor=300, stock=5,
                                   description="Dark")
    _untrust(tx, w)
    with tx() as s:  # the price and name wait; the description changes at once
        catalog.update_product(s, w.merchant, p.id, name="Rye loaf", price_minor=900, description="Darker")
    live = fresh(db, Product, p.id)
    assert (live.name, live.price_minor, live.description, live.live) == ("Rye bread", 300, "Darker", True)
    assert live.review_state == "pending" and _found(db, w, "rye") == [p.id]
    change = _waiting(db, p.id)
    assert change.before["name"] == "Rye bread" and change.after["name"] == "Rye loaf"
    assert change.after["price_minor"] == 900 and change.kind == "edit"
    assert product_review.proposed(db, live)["price_minor"] == 900  # the editor shows what was asked
    with tx() as s:  # a resident's cart and checkout price from the approved version
        line = cart.add_to_cart(s, w.resident, p.id, 1)
        assert line.unit_price_minor == 300
    # Refused with a reason: the live version stays, the shop is told why.
    with pytest.raises(ServiceError, match="Say what the shop must fix"), tx() as s:
        product_review.reject_change(s, w.admin, change.id, change.revision, "  ")
    with pytest.raises(ServiceError, match="keep it to 500"), tx() as s:
        product_review.reject_change(s, w.admin, change.id, change.revision, "x" * 501)
    with tx() as s:
        product_review.reject_change(s, w.admin, change.id, change.revision, "Price too high for a loaf")
    live = fresh(db, Product, p.id)
    assert (live.name, live.price_minor, live.review_state, live.review_reason) == (
        "Rye bread", 300, "rejected", "Price too high for a loaf")
    told = db.exec(select(OutboxMessage).where(OutboxMessage.user_id == w.merchant.user_id)).all()
    assert any("not approved" in m.subject and "Price too high" in m.body for m in told)
    # Fixed and sent again: a new waiting change, approved, and the edit is live.
    with tx() as s:
        catalog.update_product(s, w.merchant, p.id, name="Rye loaf", price_minor=450)
    change = _waiting(db, p.id)
    with tx() as s:
        product_review.approve_change(s, w.admin, change.id, change.revision)
    live = fresh(db, Product, p.id)
    assert (live.name, live.price_minor, live.review_state, live.review_reason) == ("Rye loaf", 450, "approved", "")
    actions = db.exec(select(AuditEntry.action).where(AuditEntry.subject == f"product:{p.id}")).all()
    assert sorted(actions) == ["product.review_approved", "product.review_rejected"]


def test_approving_what_changed_since_it_was_opened_is_refused(world, tx, db):
    w = world
    _untrust(tx, w)
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Cheese", price_minor=700, stock=5)
    change = product_review.review_queue(db, w.admin)[0].change
    seen_id, seen_revision = change.id, change.revision  # what the admin's screen holds
    with tx() as s:  # the shop changes it while the admin looks at the old version
        catalog.update_product(s, w.merchant, p.id, price_minor=7000)
    with pytest.raises(ServiceError, match="reload"), tx() as s:
        product_review.approve_change(s, w.admin, seen_id, seen_revision)
    assert not fresh(db, Product, p.id).live
    with pytest.raises(ServiceError, match="reload"), tx() as s:
        product_review.reject_change(s, w.admin, seen_id, seen_revision, "old")
    now = _waiting(db, p.id)
    assert now.after["price_minor"] == 7000
    with tx() as s:
        product_review.approve_change(s, w.admin, now.id, now.revision)
    with pytest.raises(ServiceError, match="already decided"), tx() as s:
        product_review.approve_change(s, w.admin, now.id, now.revision)
    assert fresh(db, Product, p.id).price_minor == 7000


def test_putting_an_edit_back_withdraws_it_and_a_refused_product_can_be_sent_again(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Tea", price_minor=200, stock=5)
    _untrust(tx, w)
    with tx() as s:
        catalog.update_product(s, w.merchant, p.id, price_minor=250)
    with tx() as s:
        catalog.update_product(s, w.merchant, p.id, price_minor=200)
    assert fresh(db, Product, p.id).review_state == "approved" and product_review.review_queue(db, w.admin) == []
    with tx() as s:
        n = catalog.create_product(s, w.merchant, w.shop.id, name="Green tea", price_minor=300, stock=5)
    change = _waiting(db, n.id)
    with tx() as s:
        product_review.reject_change(s, w.admin, change.id, change.revision, "Add a photo")
    with pytest.raises(PermissionDenied), tx() as s:
        product_review.resubmit(s, w.other_merchant, n.id)
    with tx() as s:
        product_review.resubmit(s, w.merchant, n.id)
    assert fresh(db, Product, n.id).review_state == "pending" and not fresh(db, Product, n.id).live
    with pytest.raises(ServiceError, match="Only a product whose review was refused"), tx() as s:
        product_review.resubmit(s, w.merchant, n.id)


def test_a_trusted_shop_skips_review_and_csv_imports_are_reviewed_too(world, tx, db):
    w = world
    with tx() as s:  # the world's shop is trusted (factories make trusted shops)
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Butter", price_minor=500, stock=5, sku="B1")
        catalog.update_product(s, w.merchant, p.id, price_minor=550)
    assert fresh(db, Product, p.id).price_minor == 550 and fresh(db, Product, p.id).live
    assert product_review.review_queue(db, w.admin) == []
    _untrust(tx, w)
    csv_text = "sku,name,price\nB1,Butter,6.00\nM1,Milk,1.20\n"
    with tx() as s:
        result = catalog.import_csv(s, w.merchant, w.shop.id, csv_text)
    assert (result.created, result.updated) == (1, 1)
    assert fresh(db, Product, p.id).price_minor == 550  # the new price waits
    milk = db.exec(select(Product).where(Product.sku == "M1")).one()
    assert not milk.live
    kinds = sorted((q.product.sku, q.change.kind) for q in product_review.review_queue(db, w.admin))
    assert kinds == [("B1", "edit"), ("M1", "new")]
    assert set(_found(db, w, "butter milk")) <= {p.id}


def test_the_review_queue_page_is_rung_by_a_submission_an_edit_and_a_decision(engine, world, tx, db):
    """The queue's page waits on the change bell instead of polling: what a shop sends for review,
    changes while it waits, or an admin decides rings it; only reviewers may wait on it."""
    w = world
    _untrust(tx, w)
    with tx() as s:
        keys, wake_in = product_review.queue_keys(s, w.admin)
        finance = f.sub_roles(s, f.user(s, Role.PLATFORM_ADMIN), "finance")
    assert wake_in is None
    for refused in (w.merchant, finance):
        with pytest.raises(PermissionDenied), tx() as s:
            product_review.queue_keys(s, refused)

    made = {}
    assert rings(engine, committed(tx, lambda s: made.setdefault(
        "p", catalog.create_product(s, w.merchant, w.shop.id, name="Fig jam", price_minor=450, stock=5).id)), keys)
    assert rings(engine, committed(tx, lambda s: catalog.update_product(s, w.merchant, made["p"], price_minor=500)), keys)
    change = _waiting(db, made["p"])
    assert rings(engine, committed(tx, lambda s: product_review.approve_change(s, w.admin, change.id, change.revision)), keys)
