"""Old rows of counting and signing in go: rate events past every window that counts them,
used or expired codes, and sessions that ended a month ago (kept that long for the audit of
who was signed in when). Run by housekeeping; idempotent."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlmodel import Session

from community_hub.models.accounts import AuthSession, RateEvent, VerificationCode
from community_hub.models.base import utcnow

# The longest window any limit counts over is a day (codes per address per day); two give margin.
RATE_KEEP = timedelta(days=2)
CODE_KEEP = timedelta(days=2)
SESSION_KEEP = timedelta(days=30)


def purge_old(db: Session, now: datetime | None = None) -> list[str]:
    """Delete what no rule reads any more; returns what was purged, one entry per kind with rows."""
    now = now or utcnow()
    done = []
    counts = {
        "rate events": db.exec(delete(RateEvent).where(RateEvent.at < now - RATE_KEEP)).rowcount,
        "codes": db.exec(delete(VerificationCode).where(VerificationCode.expires_at < now - CODE_KEEP)).rowcount,
        "sessions": db.exec(delete(AuthSession).where(or_(
            AuthSession.expires_at < now - SESSION_KEEP,
            AuthSession.revoked_at < now - SESSION_KEEP))).rowcount,
    }
    for kind, n in counts.items():
        done.extend([kind] * (n or 0))
    return done
