"""The property demo seed fills a community once and changes nothing when run again."""

from __future__ import annotations

from sqlmodel import SQLModel, func, select

from community_hub.models import User
from community_hub.property import billing, events, notices, polls
from community_hub.seed.property import seed_property


def _counts(db) -> dict[str, int]:
    return {t.name: db.exec(select(func.count()).select_from(t)).one() for t in SQLModel.metadata.sorted_tables}


def test_seed_is_idempotent_and_residents_see_the_result(tx, db, world):
    staff_user = db.get(User, world.staff.user_id)
    with tx() as s:
        seed_property(s, world.community, staff_user)
    first = _counts(db)
    with tx() as s:
        seed_property(s, world.community, staff_user)
    assert _counts(db) == first
    assert first["bill"] == 3 and first["notice"] == 2 and first["poll"] == 1 and first["communityevent"] == 1
    with tx() as s:
        views = notices.list_notices_for_resident(s, world.ann)
        assert [v.pinned for v in views] == [True, False]
        assert len(billing.list_my_bills(s, world.ann)) == 1
        assert len(polls.list_polls_for_resident(s, world.ann)) == 1
        assert events.list_events(s, world.ann)[0].places_left == 30
