"""Housekeeping removes sign-in rows no rule reads any more, and keeps the ones that still count."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from community_hub import housekeeping
from community_hub.models.accounts import AuthSession, RateEvent, VerificationCode
from community_hub.models.base import utcnow
from tests import factories as f


def test_old_rate_events_codes_and_sessions_go_and_current_ones_stay(tx, db, engine):
    now = utcnow()
    with tx() as s:
        u = f.user(s)
        s.add(RateEvent(kind="login_fail", key="a@b.c", at=now - timedelta(days=3)))
        s.add(RateEvent(kind="login_fail", key="a@b.c", at=now - timedelta(minutes=5)))  # still counts
        s.add(VerificationCode(user_id=u.id, destination="a@b.c", purpose="register", code_hash="x",
                               created_at=now - timedelta(days=5), expires_at=now - timedelta(days=5)))
        s.add(VerificationCode(user_id=u.id, destination="a@b.c", purpose="register", code_hash="y",
                               expires_at=now + timedelta(minutes=10)))
        s.add(AuthSession(token_hash="old", user_id=u.id, expires_at=now - timedelta(days=40)))
        s.add(AuthSession(token_hash="revoked", user_id=u.id, expires_at=now + timedelta(days=9),
                          revoked_at=now - timedelta(days=31)))
        s.add(AuthSession(token_hash="live", user_id=u.id, expires_at=now + timedelta(days=9)))
    done = housekeeping.run_once(engine, now)
    assert done["old sign-in rows purged"] == 4
    assert [r.at > now - timedelta(hours=1) for r in db.exec(select(RateEvent)).all()] == [True]
    assert [c.code_hash for c in db.exec(select(VerificationCode)).all()] == ["y"]
    assert [x.token_hash for x in db.exec(select(AuthSession)).all()] == ["live"]
    assert housekeeping.run_once(engine, now)["old sign-in rows purged"] == 0
