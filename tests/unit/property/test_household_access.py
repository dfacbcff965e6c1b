"""Joining a household must be proven (an invitation code, or a request staff approve); staff
remove members and members leave, and access ends at the very next action."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models import Role, User
from community_hub.models.audit import AuditEntry
from community_hub.models.base import utcnow
from community_hub.models.notify import OutboxMessage
from community_hub.property import household_access as access
from tests import factories as f


@pytest.fixture
def w(tx):
    with tx() as db:
        c = f.community(db)
        other_c = f.community(db)
        home = f.household(db, c.id, "B", "204")
        next_door = f.household(db, c.id, "B", "205")
        staff = f.user(db, Role.PROPERTY_STAFF, community_id=c.id)
        other_staff = f.user(db, Role.PROPERTY_STAFF, community_id=other_c.id)
        member = f.user(db, Role.RESIDENT, community_id=c.id, household_id=home.id)
        newcomer = f.user(db, Role.RESIDENT, community_id=c.id)  # registered, no household yet
        neighbour = f.user(db, Role.RESIDENT, community_id=c.id, household_id=next_door.id)
        # Names without the factory's running number: "User 2051" would match a search for unit "205".
        member.display_name, neighbour.display_name = "Ana Lee", "Bo Chen"
        return {"c": c.id, "home": home.id, "next_door": next_door.id, "staff": staff.id,
                "other_staff": other_staff.id, "member": member.id, "newcomer": newcomer.id,
                "neighbour": neighbour.id}


def who(tx, user_id):
    """The Actor as the next event would rebuild it from the database."""
    with tx() as db:
        return f.actor(db, db.get(User, user_id))


def inbox_of(db, user_id) -> list[str]:
    return [m.template for m in db.exec(select(OutboxMessage).where(OutboxMessage.user_id == user_id)
                                        .order_by(OutboxMessage.id)).all()]


def test_a_staff_code_lets_one_newcomer_in_and_the_household_is_told(tx, db, w):
    with tx() as s:
        code = access.issue_invite(s, who(tx, w["staff"]), w["home"], max_uses=1, days=14).code
    assert len(code) == 9 and code[4] == "-"
    with tx() as s:
        joined = access.join_with_code(s, who(tx, w["newcomer"]), code.lower().replace("-", " "))
    assert joined.id == w["home"]
    assert who(tx, w["newcomer"]).household_id == w["home"]
    assert inbox_of(db, w["member"]) == ["household_member_joined"]
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "household.joined")).one().actor_user_id == w["newcomer"]
    with tx() as s:  # used up: the next person cannot use it
        stranger = f.user(s, Role.RESIDENT, community_id=w["c"])
    with pytest.raises(ServiceError, match="does not work"), tx() as s:
        access.join_with_code(s, who(tx, stranger.id), code)
    assert who(tx, stranger.id).household_id is None


def test_guessing_codes_stops_after_five_wrong_tries(tx, w):
    with tx() as s:
        code = access.issue_invite(s, who(tx, w["staff"]), w["home"], max_uses=5).code
    newcomer = who(tx, w["newcomer"])
    for guess in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD", "EEEE-EEEE"):
        with pytest.raises(ServiceError, match="does not work"), tx() as s:
            access.join_with_code(s, newcomer, guess)
    with pytest.raises(ServiceError, match="Too many wrong codes"), tx() as s:
        access.join_with_code(s, newcomer, code)  # even the right code waits now
    assert who(tx, w["newcomer"]).household_id is None


def test_expired_and_revoked_codes_do_not_work(tx, w):
    staff = who(tx, w["staff"])
    with tx() as s:
        old = access.issue_invite(s, staff, w["home"], days=1, now=utcnow() - timedelta(days=2)).code
        revoked = access.issue_invite(s, staff, w["home"])
    with tx() as s:
        access.revoke_invite(s, staff, revoked.id)
    for code in (old, revoked.code):
        with pytest.raises(ServiceError, match="does not work"), tx() as s:
            access.join_with_code(s, who(tx, w["newcomer"]), code)
    with tx() as s:
        rows = access.household_invites(s, staff, w["home"])
        assert [r.active for r in rows] == [False, False]


def test_only_staff_of_the_community_or_members_invite_and_see_who_lives_there(tx, w):
    for outsider in ("neighbour", "newcomer", "other_staff"):
        with pytest.raises(ServiceError), tx() as s:
            access.issue_invite(s, who(tx, w[outsider]), w["home"])
        with pytest.raises(ServiceError), tx() as s:
            access.household_members(s, who(tx, w[outsider]), w["home"])
        with pytest.raises(ServiceError), tx() as s:
            access.household_invites(s, who(tx, w[outsider]), w["home"])
    with tx() as s:  # a member shares a single-use code that lasts a week
        shared = access.issue_invite(s, who(tx, w["member"]), w["home"], max_uses=20, days=90)
        assert (shared.max_uses, shared.by_member) == (1, True)
        assert shared.expires_at - utcnow() < timedelta(days=7, minutes=1)
    with tx() as s:
        access.join_with_code(s, who(tx, w["newcomer"]), shared.code)
    with tx() as s:
        names = [m.user_id for m in access.household_members(s, who(tx, w["member"]), w["home"])]
        assert sorted(names) == sorted([w["member"], w["newcomer"]])


def test_a_request_goes_to_the_staff_queue_and_staff_decide(tx, db, w):
    newcomer = who(tx, w["newcomer"])
    with tx() as s:
        access.request_to_join(s, newcomer, "b", "204", note="I moved in with my sister")
    assert inbox_of(db, w["member"]) == ["household_join_requested"]
    with pytest.raises(ServiceError, match="already asked"), tx() as s:
        access.request_to_join(s, newcomer, "B", "205")
    with pytest.raises(ServiceError), tx() as s:  # staff of another community see nothing
        access.join_requests(s, who(tx, w["other_staff"]), w["c"])
    with tx() as s:
        queue = access.join_requests(s, who(tx, w["staff"]), w["c"])
        assert [(r.unit, r.user_id, r.note) for r in queue] == [("B-204", w["newcomer"], "I moved in with my sister")]
        assert access.my_household(s, newcomer).pending_unit == "B-204"
    with pytest.raises(ServiceError), tx() as s:  # a resident cannot approve themselves
        access.decide_join_request(s, newcomer, queue[0].id, True)
    assert who(tx, w["newcomer"]).household_id is None
    with tx() as s:
        access.decide_join_request(s, who(tx, w["staff"]), queue[0].id, True)
    assert who(tx, w["newcomer"]).household_id == w["home"]
    assert inbox_of(db, w["newcomer"]) == ["household_request_approved"]
    with pytest.raises(ServiceError, match="already approved"), tx() as s:
        access.decide_join_request(s, who(tx, w["staff"]), queue[0].id, False)


def test_removed_or_leaving_members_lose_access_at_their_next_action(tx, db, w):
    from community_hub.models.billing import Bill
    from community_hub.property import billing

    staff = who(tx, w["staff"])
    with tx() as s:
        billing.add_fee_item(s, staff, w["c"], name="Cleaning", kind="fixed", rate_minor=1500)
        billing.generate_bills(s, staff, w["c"], "2026-11")
    bill_id = db.exec(select(Bill.id).where(Bill.household_id == w["home"])).one()
    with tx() as s:
        assert billing.get_bill(s, who(tx, w["member"]), bill_id).id == bill_id
    with tx() as s:
        access.remove_member(s, staff, w["home"], w["member"])
    with pytest.raises(ServiceError), tx() as s:
        billing.get_bill(s, who(tx, w["member"]), bill_id)
    assert inbox_of(db, w["member"])[-1] == "household_removed"
    with tx() as s:
        assert access.my_household(s, who(tx, w["member"])).how_to_join.startswith("You are not part")
    with tx() as s:
        access.leave_household(s, who(tx, w["neighbour"]))
    assert who(tx, w["neighbour"]).household_id is None
    with pytest.raises(ServiceError, match="do not belong"), tx() as s:
        access.leave_household(s, who(tx, w["neighbour"]))


def test_staff_list_households_by_unit_with_members_and_the_code_that_works(tx, db, w):
    from community_hub.core.errors import PermissionDenied
    from community_hub.property import household_directory as directory

    staff, other_staff, member = who(tx, w["staff"]), who(tx, w["other_staff"]), who(tx, w["member"])
    with tx() as s:
        f.household(s, w["c"], "B", "30")  # units read as numbers: B-30 comes before B-204
        access.issue_invite(s, staff, w["home"], max_uses=3, days=5)
        dead = access.issue_invite(s, staff, w["next_door"], max_uses=1, days=5)
        access.revoke_invite(s, staff, dead.id)
    with tx() as s:
        rows = directory.community_households(s, staff, w["c"])
    assert [r.unit for r in rows] == ["B-30", "B-204", "B-205"]
    home = rows[1]
    assert len(home.members) == 1 and len(home.code) == 9
    assert rows[2].code == ""  # the revoked one is not offered
    with tx() as s:
        assert [r.unit for r in directory.community_households(s, staff, w["c"], "b-205")] == ["B-205"]
        assert [r.unit for r in directory.community_households(s, staff, w["c"], "205")] == ["B-205"]
    with pytest.raises(PermissionDenied), tx() as s:
        directory.community_households(s, other_staff, w["c"])
    with pytest.raises(PermissionDenied), tx() as s:
        directory.community_households(s, member, w["c"])


def test_the_household_card_shows_members_and_the_codes_that_still_work(tx, db, w):
    """The resident's card (one read on the home page): the unit, who lives there, the newest
    code they shared that still works, and the staff's working code for the bill statement."""
    member, staff = who(tx, w["member"]), who(tx, w["staff"])
    with tx() as s:
        old_staff = access.issue_invite(s, staff, w["home"], max_uses=3).code
        staff_code = access.issue_invite(s, staff, w["home"], max_uses=3).code
        shared = access.issue_invite(s, member, w["home"], max_uses=1).code
        spent = access.issue_invite(s, member, w["home"], max_uses=1)
        spent.uses = 1  # used up: not shown
    card = access.my_household_page(db, member)
    assert card.home.unit and card.home.unit == access.my_household(db, member).unit
    assert card.members == [m.name for m in access.household_members(db, member, w["home"])]
    assert (card.my_code, card.statement_code) == (shared, staff_code) and old_staff != staff_code
    newcomer = access.my_household_page(db, who(tx, w["newcomer"]))
    assert (newcomer.home.unit, newcomer.members, newcomer.my_code, newcomer.statement_code) == ("", [], "", "")
    assert newcomer.home.how_to_join
