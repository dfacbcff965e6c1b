"""Back-office sub-roles (issue 18): what an admin with none holds, a super admin granting and
withdrawing them (audited, effective at the next click), and what is refused."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.accounts import admin_staff, members_admin
from community_hub.accounts import auth as accounts
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.permissions import AdminPermission, require_admin_permission
from community_hub.marketplace import applications
from community_hub.models import AuditEntry, Role, User
from community_hub.overviews import admin_overview
from tests import factories as f


@pytest.fixture
def team(tx):
    with tx() as db:
        boss = f.user(db, Role.PLATFORM_ADMIN, email="boss@example.test")
        newcomer = f.user(db, Role.PLATFORM_ADMIN, email="new@example.test")
        resident = f.user(db, Role.RESIDENT)
        return f.actor(db, boss), f.sub_roles(db, newcomer), f.actor(db, resident)


def test_an_admin_with_no_sub_role_opens_the_admin_home_and_nothing_else(tx, team):
    _boss, newcomer, _resident = team
    assert newcomer.is_admin and newcomer.admin_permissions == frozenset()
    with tx() as s:
        assert admin_overview(s, newcomer).members >= 3
    with pytest.raises(PermissionDenied, match="needs the customer service back-office role; ask a super admin"), tx() as s:
        members_admin.list_users(s, newcomer)
    with pytest.raises(PermissionDenied, match="needs the review back-office role"), tx() as s:
        applications.list_applications(s, newcomer)


def test_the_check_reads_the_actor_only(team):
    boss, newcomer, resident = team
    assert boss.admin_permissions == frozenset({AdminPermission.SUPER})
    for permission in AdminPermission.ALL:  # no database: the Actor carries what it holds
        assert require_admin_permission(boss, permission) is boss
        with pytest.raises(PermissionDenied):
            require_admin_permission(newcomer, permission)
        with pytest.raises(PermissionDenied, match="Only a platform admin"):
            require_admin_permission(resident, permission)


def test_a_super_admin_grants_and_withdraws_audited_and_the_next_click_knows(tx, db, team):
    boss, newcomer, _ = team
    with tx() as s:
        token, _ = accounts.login(s, identifier="new@example.test", password=f.PASSWORD)
    with tx() as s:
        assert admin_staff.set_sub_role(s, boss, newcomer.user_id, AdminPermission.REVIEW, True) == ["review"]
    with tx() as s:
        me = accounts.actor_for_token(s, token)
        assert me.admin_permissions == {"review"}
        applications.list_applications(s, me)
    with tx() as s:
        rows = {r.email: r.permissions for r in admin_staff.admin_staff(s, boss)}
    assert rows == {"boss@example.test": ["super"], "new@example.test": ["review"]}
    with tx() as s:
        assert admin_staff.set_sub_role(s, boss, newcomer.user_id, AdminPermission.REVIEW, False) == []
    with pytest.raises(PermissionDenied), tx() as s:
        applications.list_applications(s, accounts.actor_for_token(s, token))
    log = db.exec(select(AuditEntry.action, AuditEntry.subject, AuditEntry.detail, AuditEntry.actor_user_id)
                  .where(AuditEntry.action.like("admin.sub_role.%")).order_by(AuditEntry.id)).all()
    subject = f"user:{newcomer.user_id}"
    assert log == [("admin.sub_role.grant", subject, "review", boss.user_id),
                   ("admin.sub_role.withdraw", subject, "review", boss.user_id)]


def test_refusals_change_nothing(tx, db, team):
    boss, newcomer, resident = team
    with tx() as s:
        reviewer = f.sub_roles(s, s.get(User, newcomer.user_id), AdminPermission.REVIEW)
    before = db.exec(select(AuditEntry.id)).all()
    cases = [
        (reviewer, newcomer.user_id, AdminPermission.SUPER, True, PermissionDenied, "super admin back-office role"),
        (boss, resident.user_id, AdminPermission.REVIEW, True, NotFound, "platform admin does not exist"),
        (boss, newcomer.user_id, "owner", True, ServiceError, "no such back-office role"),
        (boss, newcomer.user_id, AdminPermission.REVIEW, True, ServiceError, "already holds the review role"),
        (boss, newcomer.user_id, AdminPermission.FINANCE, False, ServiceError, "does not hold the finance role"),
        (boss, boss.user_id, AdminPermission.SUPER, False, ServiceError, "the last super admin"),
    ]
    for who, user_id, permission, held, error, message in cases:
        with pytest.raises(error, match=message), tx() as s:
            admin_staff.set_sub_role(s, who, user_id, permission, held)
    assert db.exec(select(AuditEntry.id)).all() == before


def test_with_a_second_super_admin_the_first_may_step_down(tx, team):
    boss, newcomer, _ = team
    with tx() as s:
        admin_staff.set_sub_role(s, boss, newcomer.user_id, AdminPermission.SUPER, True)
    with tx() as s:
        assert admin_staff.set_sub_role(s, boss, boss.user_id, AdminPermission.SUPER, False) == []


def test_the_operator_makes_the_first_super_admin(tx, db):
    with tx() as s:
        u = f.user(s, Role.RESIDENT, email="Owner@Example.test")
    with tx() as s:
        admin_staff.make_super_admin(s, "owner@example.test")
    with tx() as s:
        me = f.actor(s, s.get(User, u.id))
    assert me.is_admin and me.holds(AdminPermission.FINANCE)
    with pytest.raises(ServiceError, match="no account"), tx() as s:
        admin_staff.make_super_admin(s, "nobody@example.test")
