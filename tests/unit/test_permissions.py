"""Permission checks live in services: the wrong role or the wrong owner is refused there."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.accounts import members_admin as users_admin
from community_hub.core.errors import NotLoggedIn, PermissionDenied, ServiceError
from community_hub.core.permissions import ANONYMOUS
from community_hub.marketplace import catalog
from community_hub.models import AuditEntry, AuthSession, Product, Role, User, UserRole, UserStatus
from tests import factories as f


@pytest.fixture
def people(tx):
    with tx() as s:
        c = f.community(s)
        h = f.household(s, c.id)
        m1, m2 = f.merchant(s), f.merchant(s)
        p1, p2 = f.product(s, m1.id), f.product(s, m2.id)
        return {
            "admin": f.user(s, Role.PLATFORM_ADMIN, email="admin@x.test"),
            "staff": f.user(s, Role.PROPERTY_STAFF, community_id=c.id),
            "resident": f.user(s, Role.RESIDENT, community_id=c.id, household_id=h.id, email="res@x.test"),
            "merchant1": f.user(s, Role.MERCHANT, merchant_id=m1.id),
            "p1": p1.id, "p2": p2.id,
        }


def _actor(tx, user):
    with tx() as s:
        return f.actor(s, s.get(User, user.id))


@pytest.mark.parametrize("who", ["resident", "staff", "merchant1"])
def test_only_admins_manage_members(tx, people, who):
    actor = _actor(tx, people[who])
    with pytest.raises(PermissionDenied, match="platform admin"), tx() as s:
        users_admin.list_users(s, actor)
    with pytest.raises(PermissionDenied), tx() as s:
        users_admin.disable_user(s, actor, people["resident"].id)
    with pytest.raises(PermissionDenied), tx() as s:
        users_admin.set_roles(s, actor, actor.user_id, [Role.PLATFORM_ADMIN])


def test_anonymous_caller_is_asked_to_log_in(tx, people):
    with pytest.raises(NotLoggedIn), tx() as s:
        users_admin.list_users(s, ANONYMOUS)
    with pytest.raises(NotLoggedIn), tx() as s:
        catalog.update_product(s, ANONYMOUS, people["p1"], price_minor=100)


def test_merchant_cannot_touch_another_merchants_product(tx, db, people):
    actor = _actor(tx, people["merchant1"])
    with tx() as s:
        catalog.update_product(s, actor, people["p1"], price_minor=750)
    with pytest.raises(PermissionDenied, match="your own shop"), tx() as s:
        catalog.update_product(s, actor, people["p2"], price_minor=1)
    db.expire_all()
    prices = {p: db.get(Product, p).price_minor for p in (people["p1"], people["p2"])}
    assert prices == {people["p1"]: 750, people["p2"]: 500}


def test_admin_disables_a_member_and_their_sessions_end_at_once(tx, db, people):
    admin = _actor(tx, people["admin"])
    with tx() as s:
        token, _ = accounts.login(s, identifier="res@x.test", password=f.PASSWORD)
    with tx() as s:
        users_admin.disable_user(s, admin, people["resident"].id, reason="spam")
    with tx() as s:
        assert not accounts.actor_for_token(s, token).is_authenticated
    assert db.get(User, people["resident"].id).status == UserStatus.DISABLED
    assert all(r.revoked_at for r in db.exec(select(AuthSession)).all())
    audit = db.exec(select(AuditEntry)).one()
    assert (audit.action, audit.actor_user_id, audit.detail) == ("user.disable", admin.user_id, "spam")
    with pytest.raises(ServiceError, match="disabled"), tx() as s:
        accounts.login(s, identifier="res@x.test", password=f.PASSWORD)
    with tx() as s:
        users_admin.enable_user(s, admin, people["resident"].id)
    with tx() as s:
        accounts.login(s, identifier="res@x.test", password=f.PASSWORD)


def test_admin_changes_roles_and_the_next_request_sees_them(tx, people):
    admin = _actor(tx, people["admin"])
    with tx() as s:
        token, actor = accounts.login(s, identifier="res@x.test", password=f.PASSWORD)
    assert actor.home_path() == "/home"
    with tx() as s:
        users_admin.set_roles(s, admin, people["resident"].id, [Role.RESIDENT, Role.AGENT])
    with tx() as s:
        assert accounts.actor_for_token(s, token).roles == {Role.RESIDENT, Role.AGENT}
    with pytest.raises(ServiceError, match="Unknown role"), tx() as s:
        users_admin.set_roles(s, admin, people["resident"].id, ["wizard"])
    with pytest.raises(ServiceError, match="own admin role"), tx() as s:
        users_admin.set_roles(s, admin, admin.user_id, [Role.RESIDENT])


def test_admin_lists_members_with_search_and_paging(tx, people):
    admin = _actor(tx, people["admin"])
    with tx() as s:
        rows, total = users_admin.list_users(s, admin, page_size=2)
        assert total == 4 and len(rows) == 2
        rows, total = users_admin.list_users(s, admin, query="RES@")
        assert total == 1 and rows[0].roles == [Role.RESIDENT]


def test_each_member_has_a_home_even_without_a_role(tx, db, people):
    from community_hub.models.workorders import MaintenanceWorker

    with tx() as s:
        c_id = f.community(s).id
        roleless = f.user(s, Role.RESIDENT)
        s.exec(UserRole.__table__.delete().where(UserRole.user_id == roleless.id))
        worker = f.user(s, Role.RESIDENT)
        s.exec(UserRole.__table__.delete().where(UserRole.user_id == worker.id))
        s.add(MaintenanceWorker(community_id=c_id, name="Wren", user_id=worker.id))
    assert _actor(tx, roleless).home_path() == "/account"
    assert _actor(tx, worker).home_path() == "/worker"
    assert _actor(tx, people["admin"]).home_path() == "/admin"
