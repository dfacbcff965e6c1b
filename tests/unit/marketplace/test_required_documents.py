"""Approval needs the required documents: a business licence and the owner's ID for every shop, a
food permit as well for a shop that sells food (a category under "food" in the category tree)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.marketplace import applications as ma
from community_hub.marketplace import required_documents as rd
from community_hub.models import Merchant, Role
from community_hub.models.catalog import Category
from tests import factories as f

PDF = b"%PDF-1.7\n" + b"x" * 100


@pytest.fixture(autouse=True)
def _uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))


def _apply(tx, category: str):
    with tx() as s:
        me = f.actor(s, f.user(s, Role.RESIDENT))
        app = ma.submit_application(s, me, business_name=f"A {category} shop", category=category, address="1 Main",
                                    lat=40.0, lon=-75.0, legal_name="Pat Doe", id_number="X1",
                                    licence_number="L1", contact_phone="+15550101")
    return me, app.id


def _upload(tx, me, app_id, *kinds):
    with tx() as s:
        for kind in kinds:
            ma.upload_document(s, me, app_id, kind, PDF, f"{kind}.pdf")


def test_a_shop_without_its_licence_and_id_is_not_approved(world, tx, db):
    me, app_id = _apply(tx, "hardware")
    with tx() as s:
        assert rd.application_requirements(s, world.admin, app_id) == (["licence", "id_front"],
                                                                        ["licence", "id_front"])
    _upload(tx, me, app_id, "licence", "id_back")
    with pytest.raises(ServiceError, match=r"the ID \(front\) is missing"), tx() as s:
        ma.approve_application(s, world.admin, app_id)
    assert db.exec(select(Merchant).where(Merchant.name == "A hardware shop")).first() is None
    _upload(tx, me, app_id, "id_front")
    with tx() as s:
        assert rd.application_requirements(s, me, app_id)[1] == []
        assert ma.approve_application(s, world.admin, app_id).status == "approved"


def test_a_food_shop_also_needs_its_food_permit_read_from_the_category_tree(world, tx):
    with tx() as s:
        food = Category(slug="food", name="Food & drink")
        s.add(food)
        s.flush()
        s.add(Category(slug="deli", name="Deli", parent_id=food.id))
        s.add(Category(slug="hardware", name="Hardware"))
    me, app_id = _apply(tx, "deli")  # not a usual food word: only the tree says it is food
    _upload(tx, me, app_id, "licence", "id_front")
    with tx() as s:
        assert rd.application_requirements(s, world.admin, app_id)[1] == ["food_permit"]
    with pytest.raises(ServiceError, match="Food permit is missing"), tx() as s:
        ma.approve_application(s, world.admin, app_id)
    _upload(tx, me, app_id, "food_permit")
    with tx() as s:
        ma.approve_application(s, world.admin, app_id)
    with tx() as s:
        assert not rd.is_food(s, "hardware")
        assert rd.is_food(s, "bakery")  # not in this tree: the usual food shops still need a permit


def test_only_the_applicant_and_admins_read_what_is_missing(world, tx):
    _, app_id = _apply(tx, "florist")
    with tx() as s, pytest.raises(NotFound):
        rd.application_requirements(s, world.resident, app_id)
