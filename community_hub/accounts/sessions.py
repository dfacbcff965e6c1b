"""Sessions: the random token a browser holds (we keep only its SHA-256), the Actor behind it on
every request, the idle and absolute timeouts, logging out here or everywhere."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, select

from community_hub.accounts import actor_cache
from community_hub.core import read_checks
from community_hub.core.bounded_cache import BoundedCache
from community_hub.core.config import settings
from community_hub.core.permissions import ANONYMOUS, Actor, load_actor, require_user
from community_hub.models import (
    AuthSession,
    User,
    UserStatus,
)
from community_hub.models.authz import AuthzEpoch
from community_hub.models.base import utcnow

SESSION_TTL = timedelta(days=14)
_SEEN = "hub_session_last_seen"  # db.info key: session id -> last use, as actor_for_token read it


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _open_session(db: Session, user: User, client_ip: str, now: datetime) -> tuple[str, Actor]:
    token = secrets.token_urlsafe(32)
    session = AuthSession(
        token_hash=_token_hash(token), user_id=user.id, created_at=now, expires_at=now + SESSION_TTL,
        client_ip=client_ip[:64], last_seen_at=now,
    )
    db.add(session)
    db.flush()
    return token, load_actor(db, user, session.id)


# Plain columns through the connection, not ORM objects, and built once (core/prebuilt.py): this
# runs on every write and every read the read check does not cover (the profile under load put it
# at a sixth of the app's CPU; building the statement was a third of a write's session check). The
# User row is loaded only to build an Actor.
_SESSION_ROW = (
    select(AuthSession.id, AuthSession.revoked_at, AuthSession.expires_at, AuthSession.last_seen_at,
           AuthSession.created_at, User.id, User.status,
           select(AuthzEpoch.value).where(AuthzEpoch.id == 1).scalar_subquery())
    .join(User, User.id == AuthSession.user_id)
    .where(AuthSession.token_hash == bindparam("token_hash"))
)


def actor_for_token(db: Session, token: str | None, now: datetime | None = None) -> Actor:
    """The Actor behind a browser's token, or ANONYMOUS when it is missing, expired or revoked.
    The session, its user and the authorization epoch come in one query on every call; the rest
    of the Actor is rebuilt only when the epoch has moved (accounts/actor_cache.py)."""
    if not token:
        return ANONYMOUS
    now = now or utcnow()
    token_hash = _token_hash(token)
    row = db.connection().execute(_SESSION_ROW, {"token_hash": token_hash}).first()
    if row is None:
        return ANONYMOUS
    session_id, revoked_at, expires_at, last_seen_at, created_at, user_id, status, epoch_now = row
    if revoked_at is not None or expires_at <= now or status != UserStatus.ACTIVE:
        return ANONYMOUS
    if now - (last_seen_at or created_at) > timedelta(hours=settings().session_idle_hours):
        return ANONYMOUS  # left open and unused: a shared or lost device does not stay signed in
    # session_needs_touch, later in this transaction, answers from this row instead of asking again.
    db.info.setdefault(_SEEN, {})[session_id] = last_seen_at or created_at
    key = (token_hash, session_id, user_id, epoch_now)
    if epoch_now is not None and (actor := actor_cache.get(key)) is not None:
        return actor
    actor = load_actor(db, db.get(User, user_id), session_id)
    if epoch_now is not None:
        actor_cache.put(key, actor)
    return actor


# Reads reuse a session check for a moment (core/read_checks.py): (database, token) -> (until,
# generation, Actor, last use).
_read_checks: BoundedCache[tuple[float, int, Actor, datetime]] = BoundedCache(20_000)
# This process's touches: (database, session id) -> when. A touch ends no reused check, so a check
# made before it still carries the old last use; without this, every read for the rest of the
# check's life would find the session due a touch again and write one.
_touched: BoundedCache[datetime] = BoundedCache(20_000)


def actor_for_read(db: Session, token: str | None, now: datetime | None = None) -> Actor:
    """`actor_for_token` for a read: the check another read of this session made less than
    read_checks.READ_CHECK_S ago stands, unless something here ended it meanwhile. Writes use
    `actor_for_token` itself."""
    if not token:
        return ANONYMOUS
    key = (str(db.get_bind().url), _token_hash(token))
    moment, generation = time.monotonic(), read_checks.generation()
    hit = _read_checks.get(key)
    if hit is not None and hit[0] > moment and hit[1] == generation:
        touched = _touched.get((key[0], hit[2].session_id))
        db.info.setdefault(_SEEN, {})[hit[2].session_id] = max(hit[3], touched) if touched else hit[3]
        return hit[2]
    actor = actor_for_token(db, token, now)
    if actor.session_id is not None:
        seen = db.info.get(_SEEN, {}).get(actor.session_id)
        if seen is not None:
            _read_checks.put(key, (moment + read_checks.READ_CHECK_S, generation, actor, seen))
    return actor


TOUCH_EVERY = timedelta(minutes=5)


def session_needs_touch(db: Session, actor: Actor, now: datetime | None = None) -> bool:
    """Whether the session's last use is older than TOUCH_EVERY (reads only; pages call it on load)."""
    if actor.session_id is None:
        return False
    known = db.info.get(_SEEN, {})
    if actor.session_id in known:
        seen = known[actor.session_id]
    else:
        seen = db.exec(select(AuthSession.last_seen_at).where(AuthSession.id == actor.session_id)).first()
    return seen is None or (now or utcnow()) - seen > TOUCH_EVERY


def touch_session(db: Session, actor: Actor, now: datetime | None = None) -> None:
    """Record that the session is in use (at most one write every TOUCH_EVERY per session)."""
    if actor.session_id is None:
        return
    now = now or utcnow()
    # Tagged: a use ends no reused read check (core/read_checks.py), unlike a logout.
    db.exec(update(AuthSession).where(AuthSession.id == actor.session_id).values(last_seen_at=now)
            .execution_options(**{read_checks.TOUCH: True}))
    db.info.setdefault(_SEEN, {})[actor.session_id] = now
    _touched.put((str(db.get_bind().url), actor.session_id), now)


def logout(db: Session, token: str | None, now: datetime | None = None) -> None:
    if not token:
        return
    db.exec(
        update(AuthSession)
        .where(AuthSession.token_hash == _token_hash(token), AuthSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )


def revoke_sessions(db: Session, user_id: int, *, keep_session_id: int | None = None, now: datetime | None = None) -> int:
    stmt = update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
    if keep_session_id is not None:
        stmt = stmt.where(AuthSession.id != keep_session_id)
    return db.exec(stmt.values(revoked_at=now or utcnow())).rowcount


def logout_everywhere(db: Session, actor: Actor) -> int:
    require_user(actor)
    return revoke_sessions(db, actor.user_id)


def is_first_session(db: Session, actor: Actor) -> bool:
    """This is the person's first log-in ever (the greeting says welcome, not welcome back)."""
    if not actor.is_authenticated:
        return False
    return db.exec(select(func.count()).select_from(AuthSession)
                   .where(AuthSession.user_id == actor.user_id)).one() <= 1
