"""The registration agreement and platform rules on SQLite and PostgreSQL: versions kept by platform
admins, registration accepts the current ones (version and time stored), a new version is due once
for members who accepted an older one."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.accounts import agreements
from community_hub.accounts import auth as accounts
from community_hub.core.errors import ServiceError
from community_hub.core.permissions import ANONYMOUS
from community_hub.models import Role
from community_hub.models.agreements import DocumentAcceptance, DocumentKind, PlatformDocument
from tests import factories as f

PW = "good-pass-42"


@pytest.fixture
def people(tx):
    with tx() as db:
        admin = f.user(db, Role.PLATFORM_ADMIN)
        staff = f.user(db, Role.PROPERTY_STAFF)
        member = f.user(db, Role.RESIDENT)
        return f.actor(db, admin), f.actor(db, staff), f.actor(db, member)


def _register(tx, accepted, ident="ann@example.test"):
    with tx() as db:
        return accounts.register(db, identifier=ident, password=PW, display_name="Ann", accepted_documents=accepted)


def test_only_platform_admins_publish_versions_and_bad_text_is_refused(people, tx, db):
    admin, staff, member = people
    for who in (ANONYMOUS, staff, member):
        with pytest.raises(ServiceError), tx() as s:
            agreements.publish(s, who, DocumentKind.AGREEMENT, title="Terms", body="# Terms\nBe kind.")
    for kind, title, body in (("cookies", "T", "x"), (DocumentKind.AGREEMENT, "", "x"),
                              (DocumentKind.AGREEMENT, "x" * 121, "x"), (DocumentKind.RULES, "Rules", " "),
                              (DocumentKind.RULES, "Rules", "x" * 20_001)):
        with pytest.raises(ServiceError), tx() as s:
            agreements.publish(s, admin, kind, title=title, body=body)
    assert db.exec(select(PlatformDocument)).all() == []
    with tx() as s:
        v1 = agreements.publish(s, admin, DocumentKind.AGREEMENT, title="Terms", body="# Terms\nBe kind.")
        v2 = agreements.publish(s, admin, DocumentKind.AGREEMENT, title="Terms", body="# Terms\nBe kinder.")
        rules = agreements.publish(s, admin, DocumentKind.RULES, title="Rules", body="## Selling\nNo fakes.")
    assert (v1.version, v2.version, rules.version) == (1, 2, 1)
    assert [(d.kind, d.version) for d in agreements.current_documents(db, ANONYMOUS)] == [("agreement", 2), ("rules", 1)]
    assert len(agreements.history(db, admin)) == 3


def test_registration_requires_accepting_the_current_versions(people, tx, db):
    admin, _, _ = people
    with tx() as s:
        old = agreements.publish(s, admin, DocumentKind.AGREEMENT, title="Terms", body="v1")
        agreements.publish(s, admin, DocumentKind.AGREEMENT, title="Terms", body="v2")
        agreements.publish(s, admin, DocumentKind.RULES, title="Rules", body="r1")
    current = [d.id for d in agreements.current_documents(db, ANONYMOUS)]
    with pytest.raises(ServiceError, match="Accept the registration agreement"):
        _register(tx, [])
    with pytest.raises(ServiceError, match="changed while you were reading"):
        _register(tx, [old.id, current[1]])  # the form showed a version replaced since
    assert db.exec(select(DocumentAcceptance)).all() == []  # the refusals created nothing
    reg = _register(tx, current)
    rows = db.exec(select(DocumentAcceptance).where(DocumentAcceptance.user_id == reg.user_id)).all()
    assert sorted((r.document_id, r.version) for r in rows) == sorted(zip(current, (2, 1), strict=True))
    assert all(r.accepted_at is not None for r in rows)


def test_registration_without_any_published_agreement_needs_none(tx, db):
    assert _register(tx, []).user_id


def test_a_new_version_is_due_once_for_members(people, tx, db):
    admin, staff, member = people
    assert agreements.due(db, member) == [] and agreements.due(db, ANONYMOUS) == []
    with tx() as s:
        agreements.publish(s, admin, DocumentKind.RULES, title="Rules", body="r1")
    due = agreements.due(db, member)
    assert [d.version for d in due] == [1]
    with tx() as s:
        agreements.accept(s, member, [due[0].id])
    assert agreements.due(db, member) == []
    with tx() as s:
        v2 = agreements.publish(s, admin, DocumentKind.RULES, title="Rules", body="r2")
    assert [d.id for d in agreements.due(db, member)] == [v2.id]
    with pytest.raises(ServiceError, match="changed"), tx() as s:  # accepting the old version again does nothing
        agreements.accept(s, member, [due[0].id])
    for bad in ([], [999_999]):
        with pytest.raises(ServiceError), tx() as s:
            agreements.accept(s, member, bad)
    with pytest.raises(ServiceError), tx() as s:
        agreements.accept(s, ANONYMOUS, [v2.id])
    with tx() as s:
        agreements.accept(s, member, [v2.id])
        agreements.accept(s, member, [v2.id])  # twice is once
    assert [(k, v) for k, v, _ in agreements.acceptances(db, member, member.user_id)] == [("rules", 1), ("rules", 2)]
    with pytest.raises(ServiceError):  # another member's record is not theirs to read
        agreements.acceptances(db, staff, member.user_id)


def test_the_kept_current_versions_follow_publishing_and_undo(people, tx, db):
    """`due` keeps the current versions a few seconds (every page asks): a version published in
    this process is due at once, and one whose publishing was rolled back is never asked for,
    even when a page read it inside that transaction."""
    admin, _staff, member = people
    assert agreements.due(db, member) == []  # nothing published: kept as "none" for a few seconds
    with tx() as s:
        v1 = agreements.publish(s, admin, DocumentKind.RULES, title="Rules", body="r1")
    assert [d.id for d in agreements.due(db, member)] == [v1.id]
    with pytest.raises(RuntimeError), tx() as s:
        agreements.publish(s, admin, DocumentKind.RULES, title="Rules", body="r2, never kept")
        assert [d.version for d in agreements.due(s, member)] == [2]  # read inside, then undone
        raise RuntimeError("the admin's request failed")
    assert [d.id for d in agreements.due(db, member)] == [v1.id]
