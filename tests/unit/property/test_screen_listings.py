"""The listings the property screens use: workers to dispatch to, polls, staff events, services.
Each is for this community's staff (or its residents) only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community_hub.core.errors import PermissionDenied
from community_hub.models.base import utcnow
from community_hub.property import billing, events, polls, workorders


def test_staff_list_their_communitys_workers_polls_events_and_services(tx, world):
    w = world
    start = utcnow() + timedelta(days=3)
    with tx() as db:
        workorders.add_worker(db, w.staff, w.community.id, "Zed Fixer", "+15550000001")
        workorders.add_worker(db, w.staff, w.community.id, "Ann Plumber", user_id=w.bob.user_id)
        workorders.add_worker(db, w.other_staff, w.other_community.id, "Elsewhere Eve")
        polls.create_poll(db, w.staff, w.community.id, question="Paint the door?", options=["Yes", "No"],
                          closes_at=utcnow() + timedelta(days=1))
        events.create_event(db, w.staff, w.community.id, title="Quiz night", starts_at=start,
                            ends_at=start + timedelta(hours=2), capacity=10)
        billing.add_convenience_service(db, w.staff, w.community.id, name="Printing", price_minor=10)
    with tx() as db:
        names = [r.name for r in workorders.list_workers(db, w.staff, w.community.id)]
        assert names == ["Ann Plumber", "Zed Fixer"]  # by name, this community only
        assert [r.has_login for r in workorders.list_workers(db, w.staff, w.community.id)] == [True, False]
        assert [p.question for p in polls.polls_for_staff(db, w.staff, w.community.id)] == ["Paint the door?"]
        assert [e.title for e in events.events_for_staff(db, w.staff, w.community.id)] == ["Quiz night"]
        assert [s.name for s in billing.services_for_staff(db, w.staff, w.community.id)] == ["Printing"]
        assert len(polls.poll_ids_for_resident(db, w.ann)) == 1
        assert polls.poll_ids_for_resident(db, w.outsider) == []


@pytest.mark.parametrize("listing", ["workers", "polls", "events", "services"])
def test_other_communities_staff_and_residents_are_refused(tx, world, listing):
    w = world
    fn = {"workers": workorders.list_workers, "polls": polls.polls_for_staff,
          "events": events.events_for_staff, "services": billing.services_for_staff}[listing]
    with tx() as db:
        for actor in (w.other_staff, w.ann):
            with pytest.raises(PermissionDenied):
                fn(db, actor, w.community.id)
