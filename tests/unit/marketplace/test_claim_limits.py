"""A shop listing cannot be taken over by asking for code after code and guessing: codes are
limited per listing and per person per day, and wrong tries across codes pause the listing's
claims and tell the admins."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.marketplace import applications as ma
from community_hub.models import Merchant, OutboxMessage, Role
from tests import factories as f


def _listing(tx, admin):
    with tx() as s:
        return ma.create_unclaimed_listing(s, admin, name="Corner Shop", category="grocery", address="2 Main",
                                           lat=40.001, lon=-75.0, phone="+15550177").id


def _texts_to_shop(db) -> int:
    return len(db.exec(select(OutboxMessage).where(OutboxMessage.to_address == "+15550177")).all())


def test_codes_per_listing_and_per_person_are_limited_each_day(world, tx, db):
    listing = _listing(tx, world.admin)
    with tx() as s:
        people = [f.actor(s, f.user(s, Role.RESIDENT)) for _ in range(4)]
    for person in people[:3]:
        with tx() as s:
            ma.request_claim(s, person, listing)
    with pytest.raises(ServiceError, match="Enough codes were sent to this shop today"), tx() as s:
        ma.request_claim(s, people[3], listing)
    assert _texts_to_shop(db) == 3
    with tx() as s:
        others = [ma.create_unclaimed_listing(s, world.admin, name=f"Shop {i}", category="grocery", address="x",
                                              lat=40.0, lon=-75.0, contact_email=f"s{i}@x.test").id for i in range(4)]
    with tx() as s:
        for other in others[:3]:
            ma.request_claim(s, people[3], other)
    with pytest.raises(ServiceError, match="enough claim codes today"), tx() as s:
        ma.request_claim(s, people[3], others[3])


def test_wrong_codes_across_requests_pause_the_listing_and_tell_the_admins(world, tx, db):
    listing = _listing(tx, world.admin)
    with tx() as s:
        people = [f.actor(s, f.user(s, Role.RESIDENT)) for _ in range(3)]
    messages = []
    for person in people[:2]:
        with tx() as s:
            ma.request_claim(s, person, listing)
        for _ in range(5):
            with pytest.raises(ServiceError) as err, tx() as s:
                ma.confirm_claim(s, person, listing, "12345x")
            messages.append(err.value.message)
    assert messages[-1].startswith("Claims for this shop are paused")
    with pytest.raises(ServiceError, match="paused"), tx() as s:
        ma.request_claim(s, people[2], listing)
    assert not db.get(Merchant, listing).claimed
    told = db.exec(select(OutboxMessage).where(OutboxMessage.user_id == world.admin.user_id,
                                               OutboxMessage.template == "merchant_claims_paused")).all()
    assert len(told) == 1 and "Corner Shop" in told[0].subject
