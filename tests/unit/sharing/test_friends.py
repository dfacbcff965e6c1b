"""Friends, circles, blocks and privacy between neighbours — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from community_hub.core.errors import ServiceError
from community_hub.models.sharing import Reach
from community_hub.sharing import blocks, circles, friends, neighbours, privacy
from tests.bell_rings import heard_all, rang
from tests.unit.sharing.people import befriend, outsider, residents


def _names(found) -> list[str]:
    return [n.name for n in found]


def test_find_neighbours_by_name_or_unit_only_in_my_community(tx):
    _, (ann, bob, cy) = residents(tx, 3, names=["Ann Lee", "Bob Stone", "Cy Bobson"])
    far = outsider(tx)
    with tx() as db:
        assert _names(neighbours.find_neighbours(db, ann, "bob")) == ["Bob Stone", "Cy Bobson"]
        found = neighbours.find_neighbours(db, ann, "B-202")
        assert [(n.name, n.unit) for n in found] == [("Bob Stone", "B-202")]
        assert neighbours.find_neighbours(db, ann, "Ann") == []  # never myself
        assert neighbours.find_neighbours(db, far, "Bob") == []  # another community's residents
    for bad, message in (("", "Type a name or a unit"), ("b", "at least 2 characters"), ("x" * 61, "at most 60")):
        with pytest.raises(ServiceError, match=message), tx() as db:
            neighbours.find_neighbours(db, ann, bad)


def test_privacy_decides_who_finds_me_and_who_may_ask(tx):
    _, (ann, bob, cy) = residents(tx, 3, names=["Ann", "Bob", "Cy"])
    with tx() as db:
        privacy.set_privacy(db, bob, findable_by=Reach.NOBODY, requests_from=Reach.FRIENDS_OF_FRIENDS)
    with tx() as db:
        assert neighbours.find_neighbours(db, ann, "Bob") == []
    with pytest.raises(ServiceError, match="does not take friend requests"), tx() as db:
        friends.send_request(db, ann, bob.user_id)
    befriend(tx, bob, cy)  # Bob asked Cy
    befriend(tx, ann, cy)
    with tx() as db:  # Ann is now a friend of Bob's friend Cy: she may ask
        assert friends.send_request(db, ann, bob.user_id) == "sent"
    with pytest.raises(ServiceError, match="Choose the whole community"), tx() as db:
        privacy.set_privacy(db, ann, findable_by="everyone", requests_from=Reach.COMMUNITY)
    with tx() as db:
        assert privacy.my_privacy(db, ann) == privacy.Privacy(Reach.COMMUNITY, Reach.COMMUNITY)


def test_friend_request_accept_decline_withdraw_remove(tx):
    _, (ann, bob, cy) = residents(tx, 3, names=["Ann", "Bob", "Cy"])
    with tx() as db:
        assert friends.send_request(db, ann, bob.user_id) == "sent"
    with pytest.raises(ServiceError, match="already asked"), tx() as db:
        friends.send_request(db, ann, bob.user_id)
    with tx() as db:
        incoming = friends.my_requests(db, bob).incoming
        assert [p.name for _, p in incoming] == ["Ann"]
        assert [n.relation for n in neighbours.find_neighbours(db, ann, "Bob")] == ["requested"]
        assert [n.relation for n in neighbours.find_neighbours(db, bob, "Ann")] == ["asked_me"]
    with pytest.raises(ServiceError, match="no longer open"), tx() as db:
        friends.accept_request(db, cy, incoming[0][0])  # not Cy's to answer
    with tx() as db:
        friends.accept_request(db, bob, incoming[0][0])
    with tx() as db:
        assert [p.name for p in friends.my_friends(db, ann)] == ["Bob"]
        assert friends.my_requests(db, bob).incoming == []
    with pytest.raises(ServiceError, match="already friends"), tx() as db:
        friends.send_request(db, bob, ann.user_id)
    with tx() as db:
        friends.send_request(db, cy, ann.user_id)
    with tx() as db:
        rid = friends.my_requests(db, ann).incoming[0][0]
        friends.decline_request(db, ann, rid)
    with tx() as db:
        assert friends.my_requests(db, cy).outgoing == []
        friends.send_request(db, cy, ann.user_id)
    with tx() as db:
        friends.withdraw_request(db, cy, friends.my_requests(db, cy).outgoing[0][0])
        friends.remove_friend(db, ann, bob.user_id)
    with tx() as db:
        assert friends.my_friends(db, bob) == [] and friends.my_requests(db, ann).incoming == []
    with pytest.raises(ServiceError, match="not friends"), tx() as db:
        friends.remove_friend(db, ann, bob.user_id)


def test_requests_to_strangers_myself_or_elsewhere_are_not_available(tx):
    _, (ann,) = residents(tx, 1)
    far = outsider(tx)
    for target in (ann.user_id, far.user_id, 999_999):
        with pytest.raises(ServiceError, match="This neighbour is not available"), tx() as db:
            friends.send_request(db, ann, target)


def test_circles_hold_friends_only(tx):
    _, (ann, bob, cy) = residents(tx, 3, names=["Ann", "Bob", "Cy"])
    befriend(tx, ann, bob)
    with tx() as db:
        cid = circles.create_circle(db, ann, "  Building   B ").id
    with tx() as db:
        circles.add_to_circle(db, ann, cid, bob.user_id)
        circles.add_to_circle(db, ann, cid, bob.user_id)  # twice is once
    with pytest.raises(ServiceError, match="Only friends"), tx() as db:
        circles.add_to_circle(db, ann, cid, cy.user_id)
    with pytest.raises(ServiceError, match="already have a circle called Building B"), tx() as db:
        circles.create_circle(db, ann, "Building B")
    for bad, message in (("", "Give the circle a name"), ("x" * 61, "at most 60")):
        with pytest.raises(ServiceError, match=message), tx() as db:
            circles.create_circle(db, ann, bad)
    with pytest.raises(ServiceError, match="not yours"), tx() as db:
        circles.add_to_circle(db, bob, cid, ann.user_id)  # another member's circle
    with tx() as db:
        assert [(c.name, [n for _, n in c.members]) for c in circles.my_circles(db, ann)] == [("Building B", ["Bob"])]
        circles.rename_circle(db, ann, cid, "Parents")
    with tx() as db:
        friends.remove_friend(db, bob, ann.user_id)  # no longer friends: out of the circle too
    with tx() as db:
        assert [(c.name, c.members) for c in circles.my_circles(db, ann)] == [("Parents", [])]
        circles.delete_circle(db, ann, cid)
    with tx() as db:
        assert circles.my_circles(db, ann) == []


def test_a_block_works_both_ways_and_only_says_not_available(tx):
    _, (ann, bob) = residents(tx, 2, names=["Ann", "Bob"])
    befriend(tx, ann, bob)
    with tx() as db:
        blocks.block(db, ann, bob.user_id)
    with tx() as db:
        assert friends.my_friends(db, ann) == [] and friends.my_friends(db, bob) == []
        assert neighbours.find_neighbours(db, bob, "Ann") == []  # Bob does not find Ann
        assert neighbours.find_neighbours(db, ann, "Bob") == []  # nor she him
        assert [p.name for p in blocks.my_blocks(db, ann)] == ["Bob"] and blocks.my_blocks(db, bob) == []
    for who, whom in ((bob, ann), (ann, bob)):
        with pytest.raises(ServiceError, match="^This neighbour is not available.$"), tx() as db:
            friends.send_request(db, who, whom.user_id)
    with tx() as db:
        blocks.unblock(db, ann, bob.user_id)
    with tx() as db:
        assert friends.send_request(db, bob, ann.user_id) == "sent"
    with pytest.raises(ServiceError, match="not on your block list"), tx() as db:
        blocks.unblock(db, ann, bob.user_id)


def test_the_friends_page_hears_its_request_answered_and_not_other_neighbours_friendships(tx, engine):
    """/share/friends waits on the change bell (state/shared/live_watch): Bob's accepting Ann's
    request rings her keys; Cy and Dee befriending each other does not."""
    _, (ann, bob, cy, dee) = residents(tx, 4)
    with tx() as db:
        friends.send_request(db, ann, bob.user_id)
        keys, wake_in = friends.friends_keys(db, ann)
        cys_keys, _ = friends.friends_keys(db, cy)
    assert wake_in is None
    m = heard_all(engine)
    befriend(tx, cy, dee)
    assert rang(engine, cys_keys, m) and not rang(engine, keys, m), "Cy's friendship with Dee woke Ann's page"
    m = heard_all(engine)
    with tx() as db:
        friends.accept_request(db, bob, friends.my_requests(db, bob).incoming[0][0])
    assert rang(engine, keys, m), "Bob's answer did not wake Ann's friends page"
