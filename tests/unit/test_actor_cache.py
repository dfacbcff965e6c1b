"""A session's Actor is built once and kept until who-may-do-what changes: one query per call
instead of six, and still "access ends at the next click" when a role or a household goes."""

from __future__ import annotations

from sqlalchemy import delete, event
from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.models import HouseholdMember, Role, UserRole
from tests import factories as f


def _queries(db, fn):
    """How many SQL statements `fn()` sends, and what it returned."""
    seen = []
    conn = db.connection()
    hook = lambda *a, **k: seen.append(a[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(conn, "before_cursor_execute", hook)
    try:
        return fn(), len(seen)
    finally:
        event.remove(conn, "before_cursor_execute", hook)


def test_the_actor_is_kept_until_roles_or_households_change(tx):
    with tx() as s:
        c = f.community(s)
        home = f.household(s, c.id)
        u = f.user(s, Role.RESIDENT, email="kim@example.test", community_id=c.id, household_id=home.id)
        uid = u.id
    with tx() as s:
        token, _ = accounts.login(s, identifier="kim@example.test", password=f.PASSWORD)

    with tx() as s:
        first = accounts.actor_for_token(s, token)
    with tx() as s:
        again, n = _queries(s, lambda: accounts.actor_for_token(s, token))
    assert first.household_id == home.id and again is first
    assert n == 1  # the session, its user and the epoch in one query; no rebuild

    # Removed from the household (an ORM delete): the very next call knows.
    with tx() as s:
        s.delete(s.exec(select(HouseholdMember).where(HouseholdMember.user_id == uid)).one())
    with tx() as s:
        assert accounts.actor_for_token(s, token).household_id is None

    # A role taken away by a bulk statement: the same.
    with tx() as s:
        assert Role.RESIDENT in accounts.actor_for_token(s, token).roles
        s.exec(delete(UserRole).where(UserRole.user_id == uid, UserRole.role == Role.RESIDENT))
    with tx() as s:
        assert Role.RESIDENT not in accounts.actor_for_token(s, token).roles

    # Logging out still ends it at once (the session row is read on every call).
    with tx() as s:
        accounts.logout(s, token)
    with tx() as s:
        assert not accounts.actor_for_token(s, token).is_authenticated
