"""A property company sets up its own communities: communities, buildings and units (one at a time
and by CSV), kiosks and member cards, and the community picker of a staff session."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import select

from community_hub.accounts import auth, sessions
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import localized
from community_hub.kiosk import member_cards, registration
from community_hub.kiosk.session import this_kiosk
from community_hub.models import Community, Household, PropertyCompany, Role, User, UserRole
from community_hub.models.community_setup import Building
from community_hub.models.kiosk_cards import MemberCard
from community_hub.models.kiosk_config import KioskBridgeConfig
from community_hub.property import buildings, communities, household_access, unit_import
from tests import factories as f

CSV = ("building,unit,floor_area,owner_name,contact\n"
       "A,101,85,Ann Lee,+1 555 0101\n"
       "A,102,,,\n"
       "B,201,120,Bo Chen,bo@example.test\n")


@dataclass
class Companies:
    a1: Community
    a2: Community
    b1: Community
    staff_a: object  # staff of both of company A's communities
    staff_b: object
    admin: object


@pytest.fixture
def co(tx) -> Companies:
    with tx() as db:
        a1 = f.community(db)
        a2 = f.community(db)
        a2.property_company_id = a1.property_company_id
        b1 = f.community(db)
        staff_a = f.user(db, Role.PROPERTY_STAFF, community_id=a1.id)
        db.add(UserRole(user_id=staff_a.id, role=Role.PROPERTY_STAFF, community_id=a2.id))
        staff_b = f.user(db, Role.PROPERTY_STAFF, community_id=b1.id)
        admin = f.user(db, Role.PLATFORM_ADMIN)
        db.flush()
        return Companies(a1, a2, b1, f.actor(db, staff_a), f.actor(db, staff_b), f.actor(db, admin))


def _session_actor(tx, email: str):
    with tx() as db:
        token, _ = auth.login(db, identifier=email, password=f.PASSWORD)
    with tx() as db:
        return token, sessions.actor_for_token(db, token)


def _email(tx, actor) -> str:
    with tx() as db:
        return db.get(User, actor.user_id).email


# ---------------------------------------------------------------- communities and the picker


def test_staff_create_a_community_of_their_company_and_work_on_it(tx, co):
    token, me = _session_actor(tx, _email(tx, co.staff_b))
    with tx() as db:
        made = communities.create_community(db, me, name="Birch Yard", slug="Birch-Yard", address="1 Birch St",
                                            lat="40.01", lon="-75.2", time_zone="America/New_York")
    assert made.slug == "birch-yard"
    with tx() as db:
        row = db.get(Community, made.id)
        assert row.property_company_id == co.b1.property_company_id
        me = sessions.actor_for_token(db, token)
    assert me.is_staff_of(made.id) and me.community_id == made.id  # the picker moved to the new one
    with tx() as db:
        names = [c.name for c in communities.my_communities(db, me)]
    assert "Birch Yard" in names and co.a1.name not in names


def test_a_taken_slug_and_bad_fields_are_refused_and_change_nothing(tx, db, co):
    bad = [dict(slug=co.a2.slug), dict(slug="No Spaces"), dict(name=""), dict(name="x" * 121), dict(lat="91"),
           dict(lon="nan"), dict(time_zone="Mars/Olympus"), dict(address="y" * 201)]
    for change in bad:
        fields = dict(name="Elm", slug="elm-row", address="", lat="40", lon="-75", time_zone="UTC") | change
        with pytest.raises(ServiceError) as err, tx() as s:
            communities.edit_community(s, co.staff_a, co.a1.id, **fields)
        assert err.value.message
    assert db.get(Community, co.a1.id).slug == co.a1.slug
    with pytest.raises(ServiceError, match="already taken"), tx() as s:
        communities.create_community(s, co.staff_a, name="Elm", slug=co.b1.slug, lat=1, lon=1, time_zone="UTC")


def test_the_picker_switches_between_ones_own_communities_only(tx, co):
    token, me = _session_actor(tx, _email(tx, co.staff_a))
    assert me.community_id == min(co.a1.id, co.a2.id)
    with tx() as db:
        picker = communities.community_picker(db, me)
    assert {cid for cid, _ in picker.choices} == {co.a1.id, co.a2.id}
    with tx() as db:
        communities.choose_community(db, me, co.a2.id)
    with tx() as db:
        me = sessions.actor_for_token(db, token)
    assert me.community_id == co.a2.id
    with pytest.raises(ServiceError), tx() as db:
        communities.choose_community(db, me, co.b1.id)


# ---------------------------------------------------------------- buildings and units


def test_buildings_and_units_one_at_a_time(tx, co):
    with tx() as db:
        buildings.add_building(db, co.staff_a, co.a1.id, "north", floors="6")
        buildings.add_unit(db, co.staff_a, co.a1.id, building="NORTH", unit="12", area="70", owner_name="Ann",
                           owner_contact="ann@example.test")
    with pytest.raises(ServiceError, match="already there"), tx() as db:
        buildings.add_unit(db, co.staff_a, co.a1.id, building="North", unit="12")
    with pytest.raises(ServiceError, match="no building Z"), tx() as db:
        buildings.add_unit(db, co.staff_a, co.a1.id, building="Z", unit="1")
    with pytest.raises(ServiceError, match="whole number"), tx() as db:
        buildings.add_unit(db, co.staff_a, co.a1.id, building="North", unit="13", area="7.5")
    with tx() as db:
        rows = buildings.community_buildings(db, co.staff_a, co.a1.id)
        units = buildings.community_units(db, co.staff_a, co.a1.id)
    assert [(b.name, b.floors, b.units) for b in rows] == [("NORTH", 6, 1)]
    assert [(u.building, u.unit, u.area_m2, u.owner_name) for u in units] == [("NORTH", "12", 70, "Ann")]


def test_a_csv_imports_buildings_and_units(tx, co):
    with tx() as db:
        done = unit_import.import_units(db, co.staff_a, co.a1.id, "\ufeff" + CSV)
    assert (done.units, done.buildings) == (3, 2)
    with tx() as db:
        units = buildings.community_units(db, co.staff_a, co.a1.id)
    assert [(u.building, u.unit, u.area_m2, u.owner_name, u.owner_contact) for u in units] == [
        ("A", "101", 85, "Ann Lee", "+1 555 0101"), ("A", "102", 0, "", ""), ("B", "201", 120, "Bo Chen",
                                                                              "bo@example.test")]


def test_a_csv_with_bad_rows_imports_nothing_and_lists_each_row_and_reason(tx, db, co):
    with tx() as s:
        buildings.add_building(s, co.staff_a, co.a1.id, "C")
        buildings.add_unit(s, co.staff_a, co.a1.id, building="C", unit="1")
    text = CSV + ",5,,,\nA,103,lots,,\nA,101,,,\nC,1,,,\nD,1," + "9" * 7 + ",,\nE,2,,{},\n".format("n" * 81)
    with pytest.raises(unit_import.ImportRefused) as err, tx() as s:
        unit_import.import_units(s, co.staff_a, co.a1.id, text)
    problems = [(p.line, localized("en", p.reason)) for p in err.value.problems]
    assert [line for line, _ in problems] == [5, 6, 7, 8, 9, 10]
    assert "building" in problems[0][1].lower()
    assert "whole number" in problems[1][1]
    assert "also on line 2" in problems[2][1]
    assert "already there" in problems[3][1]
    assert "too long" in problems[5][1]
    assert "6 rows" in localized("en", err.value.message)
    assert db.exec(select(Household).where(Household.community_id == co.a1.id)).all().__len__() == 1
    assert len(db.exec(select(Building).where(Building.community_id == co.a1.id)).all()) == 1
    for text in ("", "unit,floor_area\n1,2\n", "building,unit\n", "x" * 200_001):
        with pytest.raises(ServiceError), tx() as s:
            unit_import.import_units(s, co.staff_a, co.a1.id, text)


# ---------------------------------------------------------------- households and codes


def test_a_unit_from_the_csv_takes_a_code_a_new_resident_uses(tx, co):
    with tx() as db:
        unit_import.import_units(db, co.staff_a, co.a1.id, CSV)
        h = db.exec(select(Household).where(Household.community_id == co.a1.id, Household.unit == "201")).one()
        code = household_access.issue_invite(db, co.staff_a, h.id).code
        newcomer = f.user(db)
        db.exec(select(UserRole).where(UserRole.user_id == newcomer.id)).one().community_id = None
        newcomer = f.actor(db, newcomer)
    with tx() as db:
        household_access.join_with_code(db, newcomer, code)
    with tx() as db:
        members = household_access.household_members(db, co.staff_a, h.id)
    assert [m.user_id for m in members] == [newcomer.user_id]


# ---------------------------------------------------------------- kiosks


def test_a_kiosk_is_registered_shown_once_and_revoked(tx, db, co):
    with tx() as s:
        k = registration.register_kiosk(s, co.staff_a, co.a1.id, "Lobby north", "ws://127.0.0.1:9001/")
    assert k.password and len(k.pairing_token) == 32 and len(k.secret) == 64
    with tx() as s:
        rows = registration.community_kiosks(s, co.staff_a, co.a1.id)
    assert [(r.code, r.active) for r in rows] == [(k.code, True)]
    assert not any(k.secret in str(v) or k.password in str(v) or k.pairing_token in str(v) for v in vars(rows[0]).values())
    cfg = db.exec(select(KioskBridgeConfig).where(KioskBridgeConfig.kiosk_id == k.id)).one()
    assert (cfg.pairing_token, cfg.secret) == (k.pairing_token, k.secret)
    with tx() as s:
        token, device = auth.login(s, identifier=k.login, password=k.password)
    assert device.kiosk_code == k.code and device.community_id == co.a1.id
    with tx() as s:
        assert this_kiosk(s, device)[0].id == k.id
    with tx() as s:
        registration.revoke_kiosk(s, co.staff_a, k.id)
    with tx() as s:
        assert not sessions.actor_for_token(s, token).is_authenticated
        assert registration.community_kiosks(s, co.staff_a, co.a1.id)[0].active is False
    with pytest.raises(ServiceError, match="already revoked"), tx() as s:
        registration.revoke_kiosk(s, co.staff_a, k.id)
    for name, url in (("", "ws://127.0.0.1:1/"), ("x" * 81, ""), ("Lobby", "http://evil.example/")):
        with pytest.raises(ServiceError), tx() as s:
            registration.register_kiosk(s, co.staff_a, co.a1.id, name, url)


# ---------------------------------------------------------------- member cards


def test_member_cards_issue_replace_revoke_and_print(tx, db, co):
    with tx() as s:
        h = f.household(s, co.a1.id, "A", "1")
        ann = f.user(s, Role.RESIDENT, community_id=co.a1.id, household_id=h.id)
        stranger = f.user(s, Role.RESIDENT, community_id=co.a1.id)
    with tx() as s:
        first = member_cards.issue_card(s, co.staff_a, h.id, ann.id)
    with tx() as s:
        second = member_cards.issue_card(s, co.staff_a, h.id, ann.id)
    assert first.number != second.number and first.number.startswith("HUB-")
    assert db.get(MemberCard, first.id).active is False  # a replacement blocks the lost card
    with pytest.raises(ServiceError, match="not a member"), tx() as s:
        member_cards.issue_card(s, co.staff_a, h.id, stranger.id)
    with tx() as s:
        pdf = member_cards.card_sheet_pdf(s, co.staff_a, co.a1.id)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    with tx() as s:
        member_cards.revoke_card(s, co.staff_a, second.id)
    with tx() as s:
        assert [c.active for c in member_cards.community_cards(s, co.staff_a, co.a1.id)] == [False, False]
    with pytest.raises(ServiceError, match="no working cards"), tx() as s:
        member_cards.card_sheet_pdf(s, co.staff_a, co.a1.id)


def test_an_admin_may_act_on_any_company(tx, co):
    with tx() as db:
        company = db.exec(select(PropertyCompany)).first()
        made = communities.create_community(db, co.admin, name="Admin made", slug="admin-made", lat=1, lon=2,
                                            time_zone="UTC", company_id=company.id)
        buildings.add_building(db, co.admin, co.b1.id, "Q")
        registration.register_kiosk(db, co.admin, co.b1.id, "Lobby")
    assert made.company == company.name


def test_purging_old_sessions_takes_their_community_choice_with_them(tx, db, co):
    from datetime import timedelta

    from community_hub.accounts.purge import purge_old
    from community_hub.models.accounts import AuthSession
    from community_hub.models.base import utcnow
    from community_hub.models.community_setup import StaffCommunityChoice

    token, me = _session_actor(tx, _email(tx, co.staff_a))
    with tx() as s:
        communities.choose_community(s, me, co.a2.id)
        s.get(AuthSession, me.session_id).revoked_at = utcnow() - timedelta(days=400)
    with tx() as s:
        purge_old(s)
    assert db.get(AuthSession, me.session_id) is None
    assert db.exec(select(StaffCommunityChoice)).all() == []


def test_a_new_community_opens_on_an_empty_dashboard(tx, co):
    from community_hub.overviews import property_overview

    token, me = _session_actor(tx, _email(tx, co.staff_b))
    with tx() as db:
        made = communities.create_community(db, me, name="Fresh", slug="fresh", lat=1, lon=1, time_zone="UTC")
    with tx() as db:
        me = sessions.actor_for_token(db, token)
        overview = property_overview(db, me)
    assert me.community_id == made.id and overview is not None
