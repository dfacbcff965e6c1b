"""How failed log-ins are limited: guessing a password gets nowhere, and no one can lock a
neighbour out of their own account.

- From one client, for one account: three tries are free; after that each try waits twice as
  long as the one before (30 s, 1 min, 2 min ... at most 15 min) since the last failure.
- On one account from everywhere: ten failures in an hour and a log-in needs, besides the
  password, a code we send to the owner. The guesser cannot go on; the owner, who gets the code,
  still gets in (before, five failures locked the account for everyone for 15 minutes).
- From one client address over any accounts (password spraying): a ceiling an hour.

Attempts on an existing account are counted while its user row is locked (login takes it
FOR UPDATE), so parallel guesses are counted one after another; before, each read the count,
found it low and went on (read-then-insert). Unknown accounts read exactly the same.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from community_hub.accounts import rate_limits
from community_hub.core.config import settings
from community_hub.core.errors import RateLimited
from community_hub.core.i18n import phrase
from community_hub.models import RateEvent

WINDOW = timedelta(hours=1)
FREE_TRIES = 3
FIRST_DELAY = timedelta(seconds=30)
LONGEST_DELAY = timedelta(minutes=15)
ACCOUNT_FAILS_BEFORE_CODE = 10

ACCOUNT = "login_fail"  # key: the account's address
PAIR = "login_fail_pair"  # key: address|client
CLIENT = "login_fail_ip"  # key: client address


def _pair(dest: str, client_ip: str) -> str:
    return f"{dest}|{client_ip or '-'}"[:254]


def _wait_text(delta: timedelta) -> str:
    seconds = max(1, int(delta.total_seconds() + 0.999))
    if seconds < 90:
        return phrase("{count} seconds", count=seconds)
    return phrase("{count} minutes", count=-(-seconds // 60))


def delay_after(failures: int) -> timedelta:
    """How long after the last failure the next try may come, given the failures so far."""
    if failures < FREE_TRIES:
        return timedelta(0)
    return min(LONGEST_DELAY, FIRST_DELAY * (2 ** (failures - FREE_TRIES)))


def check_client(db: Session, dest: str, client_ip: str, now: datetime) -> None:
    """Refuse, saying how long to wait, when this client must slow down."""
    if client_ip and rate_limits.count_recent(db, CLIENT, client_ip, WINDOW, now) >= settings().login_fails_per_ip_per_hour:
        raise RateLimited("Too many failed log-ins from your network. Try again in an hour, or reset your password.")
    count, last = db.exec(
        select(func.count(), func.max(RateEvent.at)).where(
            RateEvent.kind == PAIR, RateEvent.key == _pair(dest, client_ip), RateEvent.at >= now - WINDOW)
    ).one()
    delay = delay_after(count)
    # No delay due yet means no wait, even if a parallel try recorded its failure a moment "after"
    # this one's clock was read (each reads the time before it gets the account's lock).
    wait = (last + delay - now) if last is not None and delay else timedelta(0)
    if wait > timedelta(0):
        raise RateLimited(phrase("Too many failed log-ins. Try again in {wait}, or reset your password.",
                                 wait=_wait_text(wait)))


def account_needs_code(db: Session, dest: str, now: datetime) -> bool:
    return rate_limits.count_recent(db, ACCOUNT, dest, WINDOW, now) >= ACCOUNT_FAILS_BEFORE_CODE


def record_failure(db: Session, dest: str, client_ip: str, now: datetime) -> None:
    rate_limits.record(db, ACCOUNT, dest, now)
    rate_limits.record(db, PAIR, _pair(dest, client_ip), now)
    if client_ip:
        rate_limits.record(db, CLIENT, client_ip, now)


def forget_failures(db: Session, dest: str, client_ip: str) -> None:
    """After the owner proved themselves with the unlock code: the slate is clean."""
    db.exec(delete(RateEvent).where(RateEvent.kind == ACCOUNT, RateEvent.key == dest))
    db.exec(delete(RateEvent).where(RateEvent.kind == PAIR, RateEvent.key == _pair(dest, client_ip)))
