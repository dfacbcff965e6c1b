"""Reads reuse a session check for a moment (core/read_checks.py): under load the check was the
largest share of the app's time. A write always checks afresh; anything this process writes to
the sessions or to what an Actor is built from ends the reused checks at once; a session ended on
another worker stops that person's changes at once and their reads as soon as the change bell
brings its commit here, at the latest after READ_CHECK_S (a write outside the ORM rings nothing)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
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


def _checked_again_within(tx, token: str, seconds: float) -> float | None:
    """How soon a read here stops reusing its check (None: not within `seconds`)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        with tx() as s:
            if not sessions.actor_for_read(s, token).is_authenticated:
                return time.monotonic() - t0
        time.sleep(0.05)
    return None


def test_a_logout_on_another_worker_ends_reads_here_at_once_not_after_the_reuse_window(engine, tx, monkeypatch):
    """Another process (a second worker, a `./hub` command) ends the session through the services:
    its commit rings the change bell (NOTIFY on PostgreSQL, the file beside a SQLite database), and
    this process's reads stop reusing their check within a second, though READ_CHECK_S is a minute
    here (before the bell carried it, they went on for all of READ_CHECK_S)."""
    from pathlib import Path

    from community_hub.core import change_bell
    from tests.unit.core.test_change_bell import _listening

    monkeypatch.setattr(read_checks, "READ_CHECK_S", 60.0)
    token = _resident(tx, "rio@example.test")
    url = engine.url.render_as_string(hide_password=False)
    change_bell.start_listening(url)
    if engine.dialect.name == "postgresql":
        asyncio.run(_listening(engine))
    else:
        time.sleep(0.3)  # the file's reader has taken its size
    with tx() as s:
        assert sessions.actor_for_read(s, token).is_authenticated
    other_worker = ("import sys; from community_hub.core.db import engine_for, session_scope\n"
                    "from community_hub.accounts import sessions\n"
                    "with session_scope(engine_for(sys.argv[1])) as db:\n"
                    "    sessions.logout(db, sys.argv[2])")
    done = subprocess.run([sys.executable, "-c", other_worker, url, token], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    after = _checked_again_within(tx, token, 3.0)
    assert after is not None and after < 1.0, f"reads here still reused the ended session's check after {after} s"


def test_using_a_session_ends_no_reused_check_but_ending_one_does(tx):
    """touch_session records a session's last use every few minutes: with hundreds signed in that
    was a write a second, and each ended every reused check of the worker. Now only an ending does."""
    token = _resident(tx, "rue@example.test")
    with tx() as s:
        actor = sessions.actor_for_read(s, token)
    before = read_checks.generation()
    with tx() as s:
        sessions.touch_session(s, actor)
    with tx() as s:
        again, asked = _queries(s, lambda: sessions.actor_for_read(s, token))
    assert read_checks.generation() == before and again is actor and asked == 0
    with tx() as s:
        sessions.logout(s, token)
    assert read_checks.generation() > before
    with tx() as s:
        assert not sessions.actor_for_read(s, token).is_authenticated


def test_a_touch_is_written_once_though_the_reused_check_remembers_the_last_use_before_it(tx):
    """A touch ends no reused check, so the check made before it still carries the session's old
    last use: the reads after the touch must not find it due again and write one at every page."""
    token = _resident(tx, "roy@example.test")
    with tx() as s:
        s.connection().execute(text("UPDATE authsession SET last_seen_at = :then"),
                               {"then": sessions.utcnow() - sessions.TOUCH_EVERY * 2})
    with tx() as s:
        actor = sessions.actor_for_read(s, token)  # checked now: the old last use is what it read
        assert sessions.session_needs_touch(s, actor)
    with tx() as s:
        sessions.touch_session(s, actor)
    with tx() as s:
        again, asked = _queries(s, lambda: sessions.actor_for_read(s, token))
        assert again is actor and asked == 0  # the same check reused, as before the touch
        assert not sessions.session_needs_touch(s, again), "the session was found due another touch"
