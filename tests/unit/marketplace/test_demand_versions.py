"""The version an open requests page polls: it moves when a shop quotes, revises or withdraws, and
it tells each resident about their own requests only."""

from __future__ import annotations

import pytest

from community_hub.core.errors import NotLoggedIn
from community_hub.core.permissions import ANONYMOUS
from community_hub.marketplace import demands


def test_a_quote_arriving_changing_and_withdrawn_each_moves_the_requesters_version(world, tx):
    w = world
    with tx() as s:
        d = demands.post_demand(s, w.resident, category="grocery", title="Birthday cake", address="A-101")
    seen = []
    with tx() as s:
        seen.append(demands.my_demands_version(s, w.resident))
        q = demands.send_quote(s, w.merchant, d.id, w.shop.id, price_minor=3800)
    with tx() as s:
        seen.append(demands.my_demands_version(s, w.resident))
        demands.send_quote(s, w.merchant, d.id, w.shop.id, price_minor=3500)  # revised
    with tx() as s:
        seen.append(demands.my_demands_version(s, w.resident))
        demands.withdraw_quote(s, w.merchant, q.id)
    with tx() as s:
        seen.append(demands.my_demands_version(s, w.resident))
    assert len(set(seen)) == 4


def test_the_version_is_the_residents_own_and_needs_a_log_in(world, tx):
    w = world
    with tx() as s:
        empty = demands.my_demands_version(s, w.resident2)
        d = demands.post_demand(s, w.resident, category="grocery", title="Birthday cake", address="A-101")
        demands.send_quote(s, w.merchant, d.id, w.shop.id, price_minor=3800)
    with tx() as s:
        assert demands.my_demands_version(s, w.resident2) == empty  # a neighbour's request is not theirs
        with pytest.raises(NotLoggedIn):
            demands.my_demands_version(s, ANONYMOUS)
