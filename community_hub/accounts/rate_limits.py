"""Sliding-window limits counted from RateEvent rows (shared by every worker, kept across restarts)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.models import RateEvent
from community_hub.models.base import utcnow


def count_recent(db: Session, kind: str, key: str, window: timedelta, now: datetime | None = None) -> int:
    since = (now or utcnow()) - window
    return db.exec(
        select(func.count()).select_from(RateEvent).where(
            RateEvent.kind == kind, RateEvent.key == key, RateEvent.at >= since
        )
    ).one()


def record(db: Session, kind: str, key: str, now: datetime | None = None) -> None:
    db.add(RateEvent(kind=kind, key=key, at=now or utcnow()))
    db.flush()


def oldest_in_window(db: Session, kind: str, key: str, window: timedelta, now: datetime | None = None) -> datetime | None:
    since = (now or utcnow()) - window
    return db.exec(
        select(func.min(RateEvent.at)).where(RateEvent.kind == kind, RateEvent.key == key, RateEvent.at >= since)
    ).one()
