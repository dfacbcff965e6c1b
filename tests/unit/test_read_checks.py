"""Reads reuse a session check for a moment (core/read_checks.py): under load the check was the
largest share of the app's time. A write always checks afresh; anything this process writes to
the sessions or to what an Actor is built from ends the reused checks at once; a session ended on
another worker stops that person's changes at once and their reads within READ_CHECK_S."""

from __future__ import annotations

import time

from sqlalchemy import text

from community_hub.accounts import auth as accounts
from community_hub.accounts import sessions
from community_hub.core import read_checks
from community_hub.models import Role
from tests import factories as f
from tests.unit.test_actor_cache import _queries


def _resident(tx, email: str) -> str:
    with tx() as s:
        c = f.community(s)
        f.user(s, Role.RESIDENT, email=email, community_id=c.id, household_id=f.household(s, c.id).id)
    with tx() as s:
        token, _ = accounts.login(s, identifier=email, password=f.PASSWORD)
    return token


def test_a_read_reuses_the_check_and_a_logout_here_ends_it_at_once(tx):
    token = _resident(tx, "rae@example.test")
    with tx() as s:
        first = sessions.actor_for_read(s, token)
    with tx() as s:
        again, asked = _queries(s, lambda: sessions.actor_for_read(s, token))
    assert again is first and asked == 0  # no query: the check of a moment ago stands
    with tx() as s:
        write, asked = _queries(s, lambda: sessions.actor_for_token(s, token))
    assert write.is_authenticated and asked == 1  # a write checks afresh, always
    with tx() as s:
        accounts.logout_everywhere(s, first)
    with tx() as s:
        assert not sessions.actor_for_read(s, token).is_authenticated


def test_a_session_ended_on_another_worker_stops_writes_at_once_and_reads_soon(tx, monkeypatch):
    monkeypatch.setattr(read_checks, "READ_CHECK_S", 0.3)
    token = _resident(tx, "ray@example.test")
    with tx() as s:
        assert sessions.actor_for_read(s, token).is_authenticated
    with tx() as s:  # another worker revokes it: nothing of this process hears of it
        s.connection().execute(text("UPDATE authsession SET revoked_at = created_at"))
    with tx() as s:  # what a write's transaction checks (accounts/acting.opened_as)
        assert not sessions.actor_for_token(s, token).is_authenticated  # a change is refused at once
    time.sleep(0.35)
    with tx() as s:  # what a read's checks
        assert not sessions.actor_for_read(s, token).is_authenticated  # and a read once the moment has passed


def test_a_role_taken_away_here_ends_the_reused_check(tx):
    from sqlalchemy import delete

    from community_hub.models import UserRole

    token = _resident(tx, "rex@example.test")
    with tx() as s:
        actor = sessions.actor_for_read(s, token)
    assert Role.RESIDENT in actor.roles
    with tx() as s:
        s.exec(delete(UserRole).where(UserRole.user_id == actor.user_id, UserRole.role == Role.RESIDENT))
    with tx() as s:
        assert Role.RESIDENT not in sessions.actor_for_read(s, token).roles
