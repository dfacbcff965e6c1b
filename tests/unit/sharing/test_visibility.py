"""Who sees a sharing post: all friends, chosen circles or the whole community, minus blocks
(either way) — the same answer for one post (`visible_to`) and in lists (`visible_clause`)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models.sharing import ParkingSlot
from community_hub.sharing import blocks, circles, parking_slots
from community_hub.sharing.visibility import visible_clause, visible_to
from tests.unit.sharing.people import befriend, outsider, residents
from tests.unit.sharing.slots import share_slot


def _sees(db, viewer, slot_id: int) -> bool:
    one = visible_to(db, viewer, db.get(ParkingSlot, slot_id))
    listed = slot_id in db.exec(select(ParkingSlot.id).where(visible_clause(viewer, ParkingSlot, "slot"))).all()
    assert one == listed  # a list never shows what opening the post refuses
    return one


def test_audience_friends_circles_community_minus_blocks(tx):
    _, (ann, bob, cy, dee) = residents(tx, 4, names=["Ann", "Bob", "Cy", "Dee"])
    far = outsider(tx)
    befriend(tx, ann, bob)
    befriend(tx, ann, cy)
    with tx() as db:
        parents = circles.create_circle(db, ann, "Parents").id
        circles.add_to_circle(db, ann, parents, cy.user_id)
    everyone = share_slot(tx, ann)
    friends_only = share_slot(tx, ann, audience="friends")
    circle_only = share_slot(tx, ann, audience="circles", circle_ids=[parents])
    with tx() as db:
        seen = {who: [_sees(db, a, s) for s in (everyone, friends_only, circle_only)]
                for who, a in (("ann", ann), ("bob", bob), ("cy", cy), ("dee", dee), ("far", far))}
    assert seen == {"ann": [True, True, True], "bob": [True, True, False], "cy": [True, True, True],
                    "dee": [True, False, False], "far": [False, False, False]}
    with tx() as db:
        blocks.block(db, dee, ann.user_id)  # Dee blocks Ann
        blocks.block(db, ann, cy.user_id)  # Ann blocks Cy: it works both ways
    with tx() as db:
        assert not _sees(db, dee, everyone)
        assert [_sees(db, cy, s) for s in (everyone, friends_only, circle_only)] == [False, False, False]
        assert [v.slot_id for v in parking_slots.visible_slots(db, bob)] == [everyone, friends_only]
    with pytest.raises(ServiceError, match="^This slot is not available.$"), tx() as db:
        parking_slots.slot_view(db, cy, everyone)
    with tx() as db:
        assert parking_slots.slot_view(db, bob, everyone).place == "B2-17"


def test_a_deleted_circle_leaves_its_posts_to_their_owner(tx):
    _, (ann, bob) = residents(tx, 2)
    befriend(tx, ann, bob)
    with tx() as db:
        cid = circles.create_circle(db, ann, "Building B").id
        circles.add_to_circle(db, ann, cid, bob.user_id)
    slot = share_slot(tx, ann, audience="circles", circle_ids=[cid])
    with tx() as db:
        assert _sees(db, bob, slot)
        circles.delete_circle(db, ann, cid)
    with tx() as db:
        assert not _sees(db, bob, slot) and _sees(db, ann, slot)


def test_bad_audiences_are_refused(tx):
    _, (ann, bob) = residents(tx, 2)
    with tx() as db:
        bobs = circles.create_circle(db, bob, "Mine").id
    for kw, message in ((dict(audience="everyone"), "Show it to all friends"),
                        (dict(audience="circles", circle_ids=[]), "at least one circle"),
                        (dict(audience="circles", circle_ids=[bobs]), "not yours")):
        with pytest.raises(ServiceError, match=message):
            share_slot(tx, ann, **kw)
    with tx() as db:
        assert parking_slots.my_slots(db, ann) == []
