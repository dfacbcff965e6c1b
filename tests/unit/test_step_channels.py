"""Notifications per step (issue 18): the admin's matrix of channels per step and side, members
narrowing it for a kind of message, and the outbox honouring both."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.permissions import AdminPermission
from community_hub.models import AuditEntry, OutboxMessage, Role, User
from community_hub.notify import outbox, step_channels
from tests import factories as f


@pytest.fixture
def people(tx):
    with tx() as db:
        content = f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), AdminPermission.CONTENT)
        finance = f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), AdminPermission.FINANCE)
        riley = f.user(db, Role.RESIDENT, email="riley@example.test")
        f.change(db, User, riley.id, phone="+15550001111")
        return content, finance, f.actor(db, riley)


def _sent(db, template, user_id=None):
    q = select(OutboxMessage.channel).where(OutboxMessage.template == template)
    if user_id is not None:
        q = q.where(OutboxMessage.user_id == user_id)
    return sorted(db.exec(q).all())


def _send(tx, user_id, template="order_update", **kw):
    fields = dict(order_id=7, shop="Corner Grocer", state_label="accepted", extra="")
    with tx() as s:
        return outbox.notify_user(s, user_id, template, link="/orders/7", **{**fields, **kw})


def test_by_default_a_step_goes_in_app_only_and_bill_reminders_by_every_channel(tx, db, people):
    _content, _finance, riley = people
    assert _send(tx, riley.user_id) is not None
    assert _sent(db, "order_update") == ["in_app"]
    _send(tx, riley.user_id, "bill_reminder", period="2026-12", unit="A-1", due="2026-12-10", amount="$10.00")
    assert _sent(db, "bill_reminder") == ["email", "in_app", "sms"]


def test_the_admin_turns_email_on_and_the_member_turns_it_off_again(tx, db, people):
    content, _finance, riley = people
    with tx() as s:
        assert step_channels.set_channel(s, content, "order_update", "resident", "email", True) == ["in_app", "email"]
    _send(tx, riley.user_id)
    assert _sent(db, "order_update") == ["email", "in_app"]
    with tx() as s:
        choices = {c.category: c for c in step_channels.my_choices(s, riley)}
        assert choices["orders"].offered == ["in_app", "email"] and choices["orders"].off == []
        step_channels.set_my_choice(s, riley, "orders", "email", False)
    _send(tx, riley.user_id)
    assert _sent(db, "order_update") == ["email", "in_app", "in_app"]
    # The shop's side of the same step is its own row: still in-app only.
    with tx() as s:
        shop_side = {(r.template, r.side): r.channels for r in step_channels.matrix(s, content)}
    assert shop_side[("order_update", "staff")] == ["in_app"]
    assert db.exec(select(AuditEntry.detail).where(AuditEntry.action == "notify.channel")).all() == ["email on"]


def test_a_member_turns_sms_off_for_news_and_in_app_off_leaves_no_inbox_message(tx, db, people):
    content, _finance, riley = people
    with tx() as s:
        step_channels.set_channel(s, content, "platform_announcement", "resident", "sms", True)
        step_channels.set_my_choice(s, riley, "news", "sms", False)
    _send(tx, riley.user_id, "platform_announcement", title="Spring sale", body="...")
    assert _sent(db, "platform_announcement") == ["in_app"]
    with tx() as s:
        step_channels.set_my_choice(s, riley, "news", "in_app", False)
    assert _send(tx, riley.user_id, "platform_announcement", title="Spring sale", body="...") is None
    assert _sent(db, "platform_announcement") == ["in_app"]
    with tx() as s:
        step_channels.set_my_choice(s, riley, "news", "in_app", True)  # and back on
        assert [c.off for c in step_channels.my_choices(s, riley) if c.category == "news"] == [["sms"]]


def test_a_worker_known_only_by_phone_gets_the_sms_the_matrix_allows(tx, db, people):
    content, _finance, _riley = people
    fields = dict(number=3, category="Plumbing", location="Kitchen")
    with tx() as s:
        outbox.notify_phone(s, "workorder_assigned", "staff", "+15550002222", **fields)
    assert _sent(db, "workorder_assigned") == ["sms"]
    with tx() as s:
        step_channels.set_channel(s, content, "workorder_assigned", "staff", "sms", False)
        assert outbox.notify_phone(s, "workorder_assigned", "staff", "+15550002222", **fields) is None
    assert _sent(db, "workorder_assigned") == ["sms"]


def test_refused_with_nothing_changed(tx, db, people):
    content, finance, riley = people
    for who, args, error, message in [
        (finance, ("order_update", "resident", "email", True), PermissionDenied, "content back-office role"),
        (riley, ("order_update", "resident", "email", True), PermissionDenied, "Only a platform admin"),
        (content, ("no_such_step", "resident", "email", True), ServiceError, "no such step"),
        (content, ("order_update", "resident", "pigeon", True), ServiceError, "no such step or channel"),
        (content, ("order_update", "resident", "in_app", False), ServiceError, "at least one channel"),
    ]:
        with pytest.raises(error, match=message), tx() as s:
            step_channels.set_channel(s, who, *args)
    with pytest.raises(ServiceError, match="no such kind"), tx() as s:
        step_channels.set_my_choice(s, riley, "gossip", "sms", False)
    with tx() as s:
        assert all(not r.changed for r in step_channels.matrix(s, content))
    assert db.exec(select(AuditEntry.id)).all() == []
