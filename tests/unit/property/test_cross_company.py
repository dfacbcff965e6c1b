"""Staff of company A reach nothing of company B, whatever a crafted event sends: every staff
service, listed from the modules themselves (a new one without a case here fails the test),
called by A's staff on B's rows, is refused with a readable message and changes nothing.

The second test sweeps the whole property room: every service that takes a `community_id` and
nothing else it needs is called by A's staff with B's community."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass

import pytest
from sqlalchemy import func
from sqlmodel import select

import community_hub.property as property_room
from community_hub.core.errors import ServiceError
from community_hub.kiosk import member_cards, registration
from community_hub.models import AuditEntry, Community, Household, Role, UserRole
from community_hub.models.community_setup import Building
from community_hub.models.kiosk_cards import MemberCard
from community_hub.property import (
    buildings,
    communities,
    community_settings,
    household_access,
    household_directory,
    unit_import,
)
from tests import factories as f

MODULES = (communities, buildings, unit_import, registration, member_cards, household_access, household_directory,
           community_settings)
# Services of those modules that are not a staff member's: a person's own household (any signed-in
# person may join with a code or ask to join; that is not reaching company B's rows).
NOT_STAFF = {"join_with_code", "request_to_join", "withdraw_join_request", "leave_household", "my_household",
             "my_household_page",
             "community_picker", "my_communities"}


@dataclass
class B:
    community: Community
    household: int
    member: int
    invite: int
    request: int
    kiosk: int
    card: int


@pytest.fixture
def two(tx):
    with tx() as db:
        a = f.community(db)
        b = f.community(db)
        staff_a = f.user(db, Role.PROPERTY_STAFF, community_id=a.id)
        staff_b = f.actor(db, f.user(db, Role.PROPERTY_STAFF, community_id=b.id))
        h = f.household(db, b.id, "B", "1")
        member = f.user(db, Role.RESIDENT, community_id=b.id, household_id=h.id)
        asking = f.actor(db, f.user(db, Role.RESIDENT, community_id=b.id))
        db.add(f_building := Building(community_id=b.id, name="B"))
        db.flush()
        invite = household_access.issue_invite(db, staff_b, h.id)
        request = household_access.request_to_join(db, asking, "B", "1")
        kiosk = registration.register_kiosk(db, staff_b, b.id, "Lobby")
        card = member_cards.issue_card(db, staff_b, h.id, member.id)
        assert f_building.id
        return f.actor(db, staff_a), B(b, h.id, member.id, invite.id, request.id, kiosk.id, card.id)


def _cases(b: B) -> dict:
    c = b.community.id
    unit = dict(building="B", unit="9", area="50", owner_name="X", owner_contact="x")
    fields = dict(name="Taken over", slug="taken-over", address="", lat="1", lon="1", time_zone="UTC")
    return {
        "create_community": lambda: dict(company_id=b.community.property_company_id, **fields),
        "edit_community": lambda: dict(community_id=c, **fields),
        "community_detail": lambda: dict(community_id=c),
        "choose_community": lambda: dict(community_id=c),
        "add_building": lambda: dict(community_id=c, name="Q"),
        "add_unit": lambda: dict(community_id=c, **unit),
        "edit_unit": lambda: dict(household_id=b.household, area="1", owner_name="X", owner_contact="x"),
        "community_buildings": lambda: dict(community_id=c),
        "community_units": lambda: dict(community_id=c),
        "import_units": lambda: dict(community_id=c, text="building,unit\nB,77\n"),
        "register_kiosk": lambda: dict(community_id=c, name="Mine now"),
        "community_kiosks": lambda: dict(community_id=c),
        "revoke_kiosk": lambda: dict(kiosk_id=b.kiosk),
        "issue_card": lambda: dict(household_id=b.household, user_id=b.member),
        "community_cards": lambda: dict(community_id=c),
        "card_candidates": lambda: dict(community_id=c),
        "revoke_card": lambda: dict(card_id=b.card),
        "card_sheet_pdf": lambda: dict(community_id=c),
        "issue_invite": lambda: dict(household_id=b.household),
        "household_invites": lambda: dict(household_id=b.household),
        "revoke_invite": lambda: dict(invite_id=b.invite),
        "join_requests": lambda: dict(community_id=c),
        "decide_join_request": lambda: dict(request_id=b.request, approve=True),
        "household_members": lambda: dict(household_id=b.household),
        "remove_member": lambda: dict(household_id=b.household, user_id=b.member),
        "community_households": lambda: dict(community_id=c),
        "get_settings": lambda: dict(community_id=c),
        "set_time_zone": lambda: dict(community_id=c, zone="Asia/Tokyo"),
    }


def staff_services() -> dict[str, object]:
    """Every public `fn(db, actor, ...)` defined in MODULES, by name."""
    found = {}
    for module in MODULES:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            params = list(inspect.signature(fn).parameters)
            if fn.__module__ == module.__name__ and not name.startswith("_") and params[:2] == ["db", "actor"]:
                found[name] = fn
    return found


def _snapshot(db) -> tuple:
    return (db.exec(select(func.count(Household.id))).one(), db.exec(select(func.count(Building.id))).one(),
            db.exec(select(func.count(Community.id))).one(), db.exec(select(func.count(AuditEntry.id))).one(),
            db.exec(select(func.count(UserRole.id))).one(),
            db.exec(select(func.count(MemberCard.id)).where(MemberCard.active)).one())


def test_every_staff_service_refuses_another_companys_rows(tx, db, two):
    staff_a, b = two
    services = staff_services()
    cases = _cases(b)
    assert set(services) - NOT_STAFF == set(cases), "a staff service has no cross-company case here"
    before = _snapshot(db)
    for name in sorted(cases):
        with pytest.raises(ServiceError) as refused, tx() as s:
            services[name](s, staff_a, **cases[name]())
            pytest.fail(f"{name} let company A's staff act on company B")
        assert refused.value.message, name
    assert _snapshot(db) == before
    assert db.get(Community, b.community.id).time_zone == "UTC"


def _community_only(fn) -> bool:
    params = list(inspect.signature(fn).parameters.values())
    if [p.name for p in params[:3]] != ["db", "actor", "community_id"]:
        return False
    return all(p.default is not inspect.Parameter.empty or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
               for p in params[3:])


def test_every_property_service_taking_only_a_community_refuses_another_company(tx, two):
    staff_a, b = two
    swept = []
    for info in pkgutil.walk_packages(property_room.__path__, property_room.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_") and _community_only(fn):
                swept.append(f"{info.name}.{name}")
                with pytest.raises(ServiceError), tx() as s:
                    fn(s, staff_a, b.community.id)
                    pytest.fail(f"{info.name}.{name} let company A's staff read company B")
    assert len(swept) >= 15, swept
