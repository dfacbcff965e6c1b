"""What the claim screens list: unclaimed listings for members, claimed ones with the claimant for admins."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.permissions import ANONYMOUS
from community_hub.marketplace import applications as ma
from community_hub.marketplace import claims as lc
from community_hub.models import OutboxMessage, User


def _list(s, admin, name, **contact):
    return ma.create_unclaimed_listing(s, admin, name=name, category="florist", address=f"{name} Street", lat=40.0,
                                       lon=-75.0, **contact)


def test_members_see_unclaimed_listings_only_until_one_is_claimed(world, tx, db):
    w = world
    with tx() as s:
        tulip = _list(s, w.admin, "Tulip", contact_email="hello@tulip.test")
        _list(s, w.admin, "Aster", phone="+15550123")
    with tx() as s:
        rows, total = lc.unclaimed_listings(s, w.resident)
    # The ordinary approved shops of the world are not claimable; masked contacts only.
    assert total == 2 and [(r.name, r.contact) for r in rows] == [("Aster", "+15***23"), ("Tulip", "hel***st")]
    with tx() as s:
        assert [r.name for r in lc.unclaimed_listings(s, w.resident, query="tulip st")[0]] == ["Tulip"]
        assert lc.unclaimed_listings(s, w.resident, page=2, page_size=1)[0][0].name == "Tulip"

    with tx() as s:
        ma.request_claim(s, w.resident, tulip.id)
    body = db.exec(select(OutboxMessage.body).where(OutboxMessage.to_address == "hello@tulip.test")).one()
    with tx() as s:
        ma.confirm_claim(s, w.resident, tulip.id, re.search(r"\b(\d{6})\b", body).group(1))
    with tx() as s:
        assert [r.name for r in lc.unclaimed_listings(s, w.resident2)[0]] == ["Aster"]
        claimed, n = lc.admin_listings(s, w.admin, claimed=True)
        still, m = lc.admin_listings(s, w.admin, claimed=False)
    assert n == 1 and claimed[0].name == "Tulip" and claimed[0].claimed_at.endswith("UTC")
    assert claimed[0].claimed_by == db.get(User, w.resident.user_id).display_name
    assert m == 1 and [r.name for r in still] == ["Aster"]


def test_only_admins_see_the_claims_and_visitors_see_nothing(world, tx):
    with pytest.raises(PermissionDenied), tx() as s:
        lc.admin_listings(s, world.resident, claimed=True)
    with pytest.raises(ServiceError, match="log in"), tx() as s:
        lc.unclaimed_listings(s, ANONYMOUS)
