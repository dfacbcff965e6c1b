"""Who a notice is for, as staff type it: homes where residents live, refused by name otherwise."""

from __future__ import annotations

import pytest

from community_hub.core.errors import ServiceError
from community_hub.property import notice_audience as aud


def test_homes_typed_any_case_become_their_households_in_order(db, world):
    ids = aud.households_from_text(db, world.community.id, " b-201, A-101 ,a-101")
    assert ids == (world.h_b1.id, world.h_a1.id)
    assert aud.buildings_from_text("a, B ,a,") == ("A", "B")


def test_an_unknown_home_is_refused_by_name(db, world):
    with pytest.raises(ServiceError, match="No residents live in Z-9, X-1"):
        aud.households_from_text(db, world.community.id, "A-101, Z-9, x-1")  # X-1 is another community's
    assert aud.unit_names(db, world.community.id)[world.h_a2.id] == "A-102"
