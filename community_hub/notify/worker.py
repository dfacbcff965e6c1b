"""Delivers the outbox with retries. Safe with several workers: a pass claims a batch of due
messages with `SELECT ... FOR UPDATE SKIP LOCKED` (core/job_claims.py: each worker gets different
rows, none waits) and marks them `sending` with a lease in the same transaction, so no other worker
takes them after the commit either; a crashed worker's messages come back when the lease ends.

A message is marked sent only after the transport accepted it; if marking fails after a send, the
lease expiry causes one more send with the same Message-ID / Idempotency-Key, never a silent loss.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import select

from community_hub.core.config import settings
from community_hub.core.db import session_scope
from community_hub.core.job_claims import claim
from community_hub.models import Channel, InboxItem, OutboxMessage, OutboxStatus
from community_hub.models.base import utcnow
from community_hub.notify import senders

log = logging.getLogger("community_hub.outbox")

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=2)


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s … capped at 30 minutes."""
    return timedelta(seconds=min(5 * 2 ** max(attempts - 1, 0), 1800))


def _is_due(now: datetime):
    """Pending and due, or claimed by a worker whose lease ran out (it died mid-send)."""
    return or_(
        (OutboxMessage.status == OutboxStatus.PENDING) & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.lease_until < now),
    )


def claim_due(bind: Engine | None, now: datetime, limit: int) -> list[OutboxMessage]:
    """Up to `limit` due messages, oldest first, now `sending` under a lease for this worker."""
    with session_scope(bind) as db:
        msgs = claim(db, select(OutboxMessage).where(_is_due(now)).order_by(OutboxMessage.id).limit(limit))
        for msg in msgs:
            msg.status = OutboxStatus.SENDING
            msg.lease_until = now + LEASE
            msg.attempts += 1
            db.add(msg)
        return msgs


def _deliver_in_app(msgs: list[OutboxMessage], bind: Engine | None, counts: dict[str, int]) -> None:
    """In-app notes are rows of our own database: the inbox items and the `sent` marks of a whole
    pass go in one transaction (the load bench: a commit per note and another per mark was most of
    the outbox worker's time). All of them land, or none and the lease brings them back."""
    if not msgs:
        return
    ids = [m.id for m in msgs]
    with session_scope(bind) as db:
        have = set(db.exec(select(InboxItem.outbox_id).where(InboxItem.outbox_id.in_(ids))).all())
        for msg in msgs:
            if msg.id not in have:  # outbox_id is unique: a retried delivery never makes a second item
                db.add(InboxItem(user_id=msg.user_id, outbox_id=msg.id, title=msg.subject, body=msg.body,
                                 link=msg.link))
        db.exec(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(
            status=OutboxStatus.SENT, sent_at=utcnow(), lease_until=None, last_error=""))
    counts["sent"] += len(msgs)


def _transport(msg: OutboxMessage) -> None:
    cfg = settings()
    message_id = f"<outbox-{msg.id}@community-hub.local>"
    url = cfg.smtp_url if msg.channel == Channel.EMAIL else cfg.sms_url
    if not url:
        if cfg.demo_mode:
            log.warning("demo delivery (%s to %s): %s", msg.channel, msg.to_address, msg.subject)
            return
        raise senders.DeliveryError(f"no {'HUB_SMTP_URL' if msg.channel == Channel.EMAIL else 'HUB_SMS_URL'} configured")
    if msg.channel == Channel.EMAIL:
        senders.send_email(url, to=msg.to_address, subject=msg.subject, body=msg.body, message_id=message_id)
    else:
        senders.send_sms(url, to=msg.to_address, body=msg.body, message_id=message_id)


def _not_delivered(msg: OutboxMessage, exc: Exception, bind: Engine | None, now: datetime,
                   counts: dict[str, int]) -> None:
    """Back in the queue after a backoff (or failed for good after MAX_ATTEMPTS)."""
    final = msg.attempts >= MAX_ATTEMPTS
    with session_scope(bind) as db:
        db.exec(update(OutboxMessage).where(OutboxMessage.id == msg.id).values(
            status=OutboxStatus.FAILED if final else OutboxStatus.PENDING,
            next_attempt_at=now + backoff(msg.attempts),
            lease_until=None,
            last_error=str(exc)[:500],
        ))
    counts["failed" if final else "retry"] += 1
    log.warning("outbox #%s attempt %s failed: %s", msg.id, msg.attempts, exc)


def deliver_due(bind: Engine | None = None, now: datetime | None = None, limit: int = 50) -> dict[str, int]:
    """One pass over due messages. Returns counts, for logs and tests."""
    now = now or utcnow()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    due = claim_due(bind, now, limit)
    in_app = [m for m in due if m.channel == Channel.IN_APP]
    try:
        _deliver_in_app(in_app, bind, counts)
    except Exception as exc:  # noqa: BLE001 - retried like any transport failure, never lost
        for msg in in_app:
            _not_delivered(msg, exc, bind, now, counts)
    for msg in (m for m in due if m.channel != Channel.IN_APP):
        try:
            _transport(msg)
        except Exception as exc:  # noqa: BLE001 - any transport failure is retried, never lost
            _not_delivered(msg, exc, bind, now, counts)
            continue
        with session_scope(bind) as db:
            db.exec(update(OutboxMessage).where(OutboxMessage.id == msg.id).values(
                status=OutboxStatus.SENT, sent_at=utcnow(), lease_until=None, last_error=""))
        counts["sent"] += 1
    return counts


def retry_now(bind: Engine | None, msg_id: int) -> None:
    """Admins can push a failed message back into the queue."""
    with session_scope(bind) as db:
        db.exec(update(OutboxMessage).where(OutboxMessage.id == msg_id, OutboxMessage.status == OutboxStatus.FAILED)
                .values(status=OutboxStatus.PENDING, next_attempt_at=utcnow(), attempts=0))
