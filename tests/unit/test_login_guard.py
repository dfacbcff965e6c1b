"""Failed log-ins are limited so that guessing gets nowhere and no one can lock a neighbour out:
growing delays per (account, client), an unlock code for the owner after many failures from
anywhere, a ceiling per client address; counted atomically; argon2 hashes kept current; idle
sessions end."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.accounts import login_guard
from community_hub.accounts.passwords import password_needs_rehash
from community_hub.core.config import load_settings, override_settings
from community_hub.core.errors import RateLimited, ServiceError
from community_hub.models import AuthSession, OutboxMessage, User
from community_hub.models.base import utcnow
from tests import factories as f

BOB = "bob@example.test"
WRONG = "wrong-pass-1"


@pytest.fixture
def bob(tx):
    with tx() as s:
        return f.user(s, email=BOB).id


def _try(tx, password=WRONG, ip="10.0.0.1", at=None, ident=BOB, **kw):
    """One log-in attempt; returns the session token, or the refusal."""
    try:
        with tx() as s:
            return accounts.login(s, identifier=ident, password=password, client_ip=ip, now=at, **kw)[0]
    except ServiceError as exc:
        return exc


def _unlock_code(db) -> str:
    msg = db.exec(select(OutboxMessage).where(OutboxMessage.template == "unlock_code")
                  .order_by(OutboxMessage.id.desc())).first()
    return re.search(r"\b(\d{6})\b", msg.body).group(1)


def test_after_three_free_tries_each_try_waits_twice_as_long(tx, bob):
    t0 = utcnow()
    for i in range(3):
        assert _try(tx, at=t0 + timedelta(seconds=i)).code == "bad_login"
    early = _try(tx, at=t0 + timedelta(seconds=20))
    assert isinstance(early, RateLimited) and "Try again in 12 seconds" in early.message
    assert _try(tx, at=t0 + timedelta(seconds=33)).code == "bad_login"  # 30 s after the last one
    assert isinstance(_try(tx, at=t0 + timedelta(seconds=80)), RateLimited)  # now 60 s are due
    assert _try(tx, at=t0 + timedelta(seconds=94)).code == "bad_login"
    # Another device of the real owner is not slowed down by the guesser's failures.
    assert isinstance(_try(tx, password=f.PASSWORD, ip="10.9.9.9", at=t0 + timedelta(seconds=95)), str)


def test_a_guesser_cannot_lock_the_owner_out_the_owner_gets_a_code(tx, db, bob):
    t0 = utcnow()
    # Ten failures from ten addresses (no per-client delay applies to any of them).
    for i in range(login_guard.ACCOUNT_FAILS_BEFORE_CODE):
        assert _try(tx, ip=f"203.0.113.{i}", at=t0).code == "bad_login"
    # Now even the right password needs the code the owner was sent; guessing stops here.
    refused = _try(tx, password=f.PASSWORD, ip="198.51.100.7", at=t0)
    assert refused.code == "unlock_needed"
    assert _try(tx, ip="203.0.113.50", at=t0).code == "unlock_needed"
    sent = db.exec(select(OutboxMessage).where(OutboxMessage.template == "unlock_code")).all()
    assert len(sent) == 1 and sent[0].to_address == BOB  # once, however many tries
    code = _unlock_code(db)
    wrong_code = "000000" if code != "000000" else "111111"
    assert _try(tx, ip="203.0.113.50", at=t0, unlock_code=code).code == "bad_login"  # the code alone is not enough
    assert "not right" in _try(tx, password=f.PASSWORD, ip="198.51.100.7", at=t0, unlock_code=wrong_code).message
    token = _try(tx, password=f.PASSWORD, ip="198.51.100.7", at=t0, unlock_code=code)
    assert isinstance(token, str)
    # The owner's slate is clean again: the next log-in needs only the password.
    assert isinstance(_try(tx, password=f.PASSWORD, ip="198.51.100.7", at=t0 + timedelta(seconds=5)), str)


def test_unknown_accounts_read_exactly_the_same(tx, db, bob):
    t0 = utcnow()
    for ident in (BOB, "nobody@example.test"):
        seen = [_try(tx, ident=ident, ip=f"192.0.2.{i}", at=t0) for i in range(login_guard.ACCOUNT_FAILS_BEFORE_CODE + 1)]
        assert [type(r).__name__ for r in seen] == ["ServiceError"] * len(seen)
        assert {r.message for r in seen[:-1]} == {accounts.BAD_LOGIN}
        assert seen[-1].message == accounts.UNLOCK_NEEDED
    assert [m.to_address for m in db.exec(select(OutboxMessage).where(OutboxMessage.template == "unlock_code"))] == [BOB]


def test_one_address_spraying_many_accounts_is_stopped(tx, db):
    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_LOGIN_FAILS_PER_IP_PER_HOUR": "5"}))
    t0 = utcnow()
    with tx() as s:
        f.user(s, email="last@example.test")
    for i in range(5):
        assert _try(tx, ident=f"person{i}@example.test", ip="203.0.113.66", at=t0).code == "bad_login"
    stopped = _try(tx, ident="last@example.test", password=f.PASSWORD, ip="203.0.113.66", at=t0)
    assert isinstance(stopped, RateLimited) and "your network" in stopped.message
    assert isinstance(_try(tx, ident="last@example.test", password=f.PASSWORD, ip="198.51.100.1", at=t0), str)


def test_parallel_guesses_are_counted_one_after_another(tx, engine, bob):
    """Twelve guesses at the same moment from one client: before, all read "0 failures" and
    all reached the password check; now three do and nine are told to wait."""
    barrier = threading.Barrier(12)
    results: list = [None] * 12

    def guess(i):
        barrier.wait()
        results[i] = _try(tx)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(type(r).__name__ for r in results) == ["RateLimited"] * 9 + ["ServiceError"] * 3, results


def test_an_old_hash_is_upgraded_when_the_owner_logs_in(tx, db, bob):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(f.PASSWORD)
    with tx() as s:
        s.get(User, bob).password_hash = weak
    assert password_needs_rehash(weak)
    assert isinstance(_try(tx, password=f.PASSWORD), str)
    db.expire_all()
    upgraded = db.get(User, bob).password_hash
    assert upgraded != weak and not password_needs_rehash(upgraded)
    assert isinstance(_try(tx, password=f.PASSWORD), str)


def test_a_session_left_idle_ends_and_one_in_use_does_not(tx, db, bob):
    t0 = utcnow()
    used, idle = _try(tx, password=f.PASSWORD, at=t0), _try(tx, password=f.PASSWORD, at=t0)
    with tx() as s:
        actor = accounts.actor_for_token(s, used, now=t0 + timedelta(hours=50))
        assert accounts.session_needs_touch(s, actor, now=t0 + timedelta(hours=50))
        accounts.touch_session(s, actor, now=t0 + timedelta(hours=50))
    with tx() as s:
        later = t0 + timedelta(hours=100)  # 100 h after log-in, 50 h after last use
        assert accounts.actor_for_token(s, used, now=later).is_authenticated
        assert not accounts.actor_for_token(s, idle, now=later).is_authenticated
        assert not accounts.session_needs_touch(s, accounts.actor_for_token(s, used, now=later - timedelta(hours=49)),
                                                now=t0 + timedelta(hours=50, minutes=2))
    assert db.exec(select(AuthSession)).all()


@pytest.mark.parametrize(("public_url", "secure"), [("https://hub.example.org", True), ("", False),
                                                    ("http://192.168.1.20:3000", False)])
def test_the_session_cookie_is_secure_when_served_over_https(public_url, secure):
    import os
    import subprocess
    import sys

    probe = ("from state.shared.session_token import SessionTokenState as S; "
             "print(vars(S)['token'].default.secure)")
    env = dict(os.environ, HUB_PUBLIC_URL=public_url)
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(secure)
