"""Applying to sell, admin review with an audit trail, documents, and claiming a listing."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.permissions import load_actor
from community_hub.marketplace import applications as ma
from community_hub.marketplace import catalog
from community_hub.marketplace.catalog import product_review
from community_hub.models import AuditEntry, Merchant, OutboxMessage, Role, User
from tests import factories as f
from tests.images import PNG
from tests.unit.marketplace.conftest import fresh

PDF = b"%PDF-1.7\n" + b"x" * 100

FORM = dict(business_name="Rosa's Bakery", category="Bakery", address="1 Main St", lat=40.001, lon=-75.0,
            legal_name="Rosa Diaz", id_number="X1234567", licence_number="LIC-99", contact_phone="+15550109")


@pytest.fixture(autouse=True)
def _uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


def test_apply_upload_send_back_then_approve_creates_the_shop(world, tx, db, _uploads):
    w = world
    with tx() as s:
        applicant = f.user(s, Role.RESIDENT)
        me = f.actor(s, applicant)
    with pytest.raises(ServiceError, match="licence number"), tx() as s:
        ma.submit_application(s, me, **(FORM | {"licence_number": " "}))
    with tx() as s:
        app = ma.submit_application(s, me, **FORM)
    with pytest.raises(ServiceError, match="already have an application"), tx() as s:
        ma.submit_application(s, me, **FORM)
    with tx() as s:
        doc = ma.upload_document(s, me, app.id, "licence", PDF, "../../licence.pdf")
        ma.upload_document(s, me, app.id, "id_front", PNG, "front.png")
    assert doc.content_type == "application/pdf" and doc.original_name == "licence.pdf"
    assert (_uploads / doc.stored_name).read_bytes() == PDF and "licence" not in doc.stored_name
    for data, name, msg in ((b"MZ\x90\0evil", "licence.pdf", "not accepted"),
                            (b"GIF89a....", "x.gif", "not accepted"),
                            (b"%PDF-" + b"0" * (5 * 1024 * 1024), "big.pdf", "too large")):
        with pytest.raises(ServiceError, match=msg), tx() as s:
            ma.upload_document(s, me, app.id, "other", data, name)
    assert len(ma.application_documents(db, w.admin, app.id)) == 2
    with pytest.raises(PermissionDenied):
        ma.list_applications(db, me)
    assert [a.id for a in ma.list_applications(db, w.admin)] == [app.id]
    with pytest.raises(ServiceError, match="reason"), tx() as s:
        ma.reject_application(s, w.admin, app.id, "")
    with tx() as s:
        ma.ask_for_more(s, w.admin, app.id, "The licence scan is unreadable.")
    with pytest.raises(ServiceError, match="only one in review"), tx() as s:
        ma.approve_application(s, w.admin, app.id)
    with tx() as s:
        ma.update_application(s, me, app.id, licence_number="LIC-100")
    # A bakery sells food: its food permit is required too, and nothing is created without it.
    with pytest.raises(ServiceError, match="Food permit is missing"), tx() as s:
        ma.approve_application(s, w.admin, app.id)
    with tx() as s:
        ma.upload_document(s, me, app.id, "food_permit", PDF, "permit.pdf")
    with tx() as s:
        shop = ma.approve_application(s, w.admin, app.id)
    assert (shop.slug, shop.status, shop.category, shop.owner_user_id) == ("rosa-s-bakery", "approved", "bakery", applicant.id)
    history = ma.application_history(db, me, app.id)
    assert [h.action for h in history] == ["merchant_application.submit", "merchant_application.needs_info",
                                           "merchant_application.update", "merchant_application.approved"]
    assert history[1].actor_user_id == w.admin.user_id and history[1].detail == "The licence scan is unreadable."
    assert all(h.at is not None for h in history)
    # The new merchant can run the shop, and it has its page.
    owner = load_actor(db, fresh(db, User, applicant.id))
    with tx() as s:
        catalog.create_product(s, owner, shop.id, name="Sourdough", price_minor=600)
    # A new shop is not trusted: its first product is listed once the platform approves it (issue 18).
    with pytest.raises(Exception, match="does not exist"):
        catalog.shop_page(db, "rosa-s-bakery")
    waiting = product_review.review_queue(db, w.admin)[0].change
    with tx() as s:
        product_review.approve_change(s, w.admin, waiting.id, waiting.revision)
    page = catalog.shop_page(db, "rosa-s-bakery")
    assert [p.name for p in page.products] == ["Sourdough"] and page.seo_title == "Rosa's Bakery — Bakery"
    with pytest.raises(ServiceError, match="can no longer change"), tx() as s:
        ma.upload_document(s, me, app.id, "other", PNG, "late.png")


def test_reject_keeps_who_and_why(world, tx, db):
    w = world
    with tx() as s:
        me = f.actor(s, f.user(s, Role.RESIDENT))
        app = ma.submit_application(s, me, **FORM)
    with tx() as s:
        ma.reject_application(s, w.admin, app.id, "Licence does not match the name")
    row = db.exec(select(AuditEntry).where(AuditEntry.action == "merchant_application.rejected")).one()
    assert (row.actor_user_id, row.detail) == (w.admin.user_id, "Licence does not match the name")
    msg = db.exec(select(OutboxMessage).where(OutboxMessage.user_id == me.user_id)).one()
    assert "rejected" in msg.subject and "Licence does not match" in msg.body
    assert db.exec(select(Merchant).where(Merchant.name == FORM["business_name"])).first() is None


def test_claiming_an_unclaimed_listing_with_the_code_sent_to_the_shop(world, tx, db):
    w = world
    with tx() as s:
        listing = ma.create_unclaimed_listing(s, w.admin, name="Corner Shop", category="grocery", address="2 Main",
                                              lat=40.001, lon=-75.0, phone="+15550177")
        me = f.actor(s, f.user(s, Role.RESIDENT))
    with tx() as s:
        ma.request_claim(s, me, listing.id)
    body = db.exec(select(OutboxMessage.body).where(OutboxMessage.to_address == "+15550177")).one()
    code = re.search(r"\b(\d{6})\b", body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ServiceError, match="4 tries left"), tx() as s:
        ma.confirm_claim(s, me, listing.id, wrong)
    with tx() as s:
        ma.confirm_claim(s, me, listing.id, code)
    shop = fresh(db, Merchant, listing.id)
    assert shop.claimed and shop.owner_user_id == me.user_id
    assert load_actor(db, fresh(db, User, me.user_id)).is_merchant_of(listing.id)
    with pytest.raises(ServiceError, match="already managed"), tx() as s:
        ma.request_claim(s, w.resident, listing.id)
