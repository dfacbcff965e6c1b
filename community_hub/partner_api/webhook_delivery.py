"""Posting webhook deliveries, signed the Standard Webhooks way, in order per endpoint, with retries.

Every app worker runs passes of this (a lifespan task, like the outbox). A pass claims due
deliveries with `FOR UPDATE SKIP LOCKED` (core/job_claims.claim) and marks them `sending` under a
lease in the same transaction, so two workers never post one delivery at once; only an endpoint's
oldest undelivered event is sent, so a receiver sees its events in order. The post happens after
that commit, with a short timeout, on a thread of the pass: a slow receiver never holds the app.
A failure waits (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then every 10 h); an
endpoint failing for 3 days is disabled, what it had not received is marked failed (the owner can
resend), and the shop's people are told.

Headers: `webhook-id` (the event's id: a receiver de-duplicates by it, so the rare second post
after a crash between the post and the commit is harmless), `webhook-timestamp`, and
`webhook-signature`: `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, two of them while a rotated
secret's old one is still honoured.
"""

from __future__ import annotations

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from standardwebhooks import Webhook

from community_hub.core.db import session_scope
from community_hub.core.job_claims import claim
from community_hub.marketplace.orders import merchant_user_ids
from community_hub.models import Merchant
from community_hub.models.base import utcnow
from community_hub.models.partner_api import (
    ApiEvent,
    DeliveryStatus,
    PartnerKey,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from community_hub.notify.outbox import notify_user
from community_hub.partner_api.events import public_id
from community_hub.partner_api.webhooks import check_url

log = logging.getLogger("community_hub.webhooks")

SCHEDULE = [timedelta(0), timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
            timedelta(hours=5), timedelta(hours=10), timedelta(hours=10)]
GIVE_UP_AFTER = timedelta(days=3)
LEASE = timedelta(minutes=2)
TIMEOUT = 10.0  # seconds for the receiver to answer
BATCH = 20


def wait_after(attempts: int) -> timedelta:
    """How long after the `attempts`-th failure the next try is made."""
    return SCHEDULE[attempts] if attempts < len(SCHEDULE) else SCHEDULE[-1]


def event_id(event: ApiEvent) -> str:
    return public_id(event)


def payload(event: ApiEvent) -> bytes:
    return json.dumps({"type": event.type, "timestamp": event.at.isoformat(), "id": event_id(event),
                       "seq": event.seq, "data": event.data}, ensure_ascii=False, separators=(",", ":")).encode()


def signed_headers(endpoint: WebhookEndpoint, msg_id: str, body: bytes, at: datetime) -> dict[str, str]:
    secrets = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_until and endpoint.previous_until > at:
        secrets.append(endpoint.previous_secret)
    text = body.decode()
    signature = " ".join(Webhook(s).sign(msg_id, at, text) for s in secrets)
    return {"webhook-id": msg_id, "webhook-timestamp": str(int(at.timestamp())), "webhook-signature": signature,
            "content-type": "application/json", "user-agent": "CommunityHub-Webhooks/1"}


@dataclass(frozen=True)
class _Post:
    delivery_id: int
    url: str
    body: bytes
    headers: dict[str, str]


def _due(now: datetime):
    return or_((WebhookDelivery.status == DeliveryStatus.PENDING) & (WebhookDelivery.next_attempt_at <= now),
               (WebhookDelivery.status == DeliveryStatus.SENDING) & (WebhookDelivery.lease_until < now))


def _claim(db: Session, now: datetime, batch: int) -> list[_Post]:
    claimed = claim(db, select(WebhookDelivery).join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
                    .where(_due(now), WebhookEndpoint.enabled).order_by(WebhookDelivery.seq).limit(batch),
                    of=WebhookDelivery)
    if not claimed:
        return []
    endpoint_ids = {d.endpoint_id for d in claimed}
    # Each endpoint's oldest event not yet delivered: only that one may go (in order, one at a time).
    first = dict(db.exec(select(WebhookDelivery.endpoint_id, func.min(WebhookDelivery.seq)).where(
        WebhookDelivery.endpoint_id.in_(endpoint_ids),
        WebhookDelivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING])).group_by(
        WebhookDelivery.endpoint_id)).all())
    posts, taken = [], set()
    for d in claimed:
        if d.seq != first.get(d.endpoint_id) or d.endpoint_id in taken:
            continue
        taken.add(d.endpoint_id)
        endpoint, event = db.get(WebhookEndpoint, d.endpoint_id), db.get(ApiEvent, d.event_id)
        d.status, d.lease_until = DeliveryStatus.SENDING, now + LEASE
        db.add(d)
        body = payload(event)
        # Signed at the real time (a receiver refuses a timestamp far from its clock), whatever `now` says.
        posts.append(_Post(d.id, endpoint.url, body, signed_headers(endpoint, event_id(event), body, utcnow())))
    return posts


def _post(p: _Post) -> tuple[int | None, str, int]:
    """(status code or None, error, milliseconds). Redirects are not followed: the registered URL
    is the one that was checked."""
    started = time.monotonic()
    try:
        check_url(p.url)  # again at sending time: a host name may point elsewhere by now
        with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client:
            # Only the status counts: the answer's body is never read (a receiver could send gigabytes).
            with client.stream("POST", p.url, content=p.body, headers=p.headers) as answer:
                return answer.status_code, "", int((time.monotonic() - started) * 1000)
    except Exception as exc:  # noqa: BLE001 - any failure to deliver is recorded and retried
        return None, f"{type(exc).__name__}: {exc}"[:300], int((time.monotonic() - started) * 1000)


def _record(db: Session, delivery_id: int, outcome: tuple[int | None, str, int], now: datetime) -> None:
    code, error, ms = outcome
    d = db.get(WebhookDelivery, delivery_id, with_for_update=True, populate_existing=True)
    if d is None or d.status != DeliveryStatus.SENDING:
        return  # the endpoint was removed meanwhile
    endpoint = db.get(WebhookEndpoint, d.endpoint_id, with_for_update=True, populate_existing=True)
    db.add(WebhookAttempt(delivery_id=d.id, at=now, status_code=code, error=error, duration_ms=ms))
    d.attempts += 1
    d.last_status_code, d.last_error, d.lease_until = code, error, None
    if code is not None and 200 <= code < 300:
        d.status, d.delivered_at = DeliveryStatus.DELIVERED, now
        endpoint.failing_since = None
    else:
        d.status, d.next_attempt_at = DeliveryStatus.PENDING, now + wait_after(d.attempts)
        endpoint.failing_since = endpoint.failing_since or now
        if now - endpoint.failing_since >= GIVE_UP_AFTER:
            _disable(db, endpoint)
    db.add(d)
    db.add(endpoint)


FAILING = "failing for 3 days"  # the reason an endpoint that may be turned on again carries


def _disable(db: Session, endpoint: WebhookEndpoint) -> None:
    endpoint.enabled, endpoint.disabled_reason = False, FAILING
    for d in db.exec(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id,
                                                   WebhookDelivery.status == DeliveryStatus.PENDING)):
        d.status = DeliveryStatus.FAILED
        db.add(d)
    log.warning("webhook endpoint %s disabled after failing for 3 days", endpoint.id)
    if endpoint.merchant_id is None:  # a community partner's: the admin who made its key is told
        key = db.get(PartnerKey, endpoint.partner_key_id)
        if key is not None:
            notify_user(db, key.created_by_user_id, "partner_webhook_disabled", link="/admin/partners",
                        business=key.name)
        return
    shop = db.get(Merchant, endpoint.merchant_id)
    for uid in merchant_user_ids(db, endpoint.merchant_id):
        notify_user(db, uid, "webhook_disabled", link="/merchant/connect", shop=shop.name)


def deliver_due(bind: Engine | None = None, now: datetime | None = None, batch: int = BATCH) -> int:
    """One pass: claim, post (several at once), record. Returns how many posts were made."""
    now = now or utcnow()
    with session_scope(bind) as db:
        posts = _claim(db, now, batch)
    if not posts:
        return 0
    with ThreadPoolExecutor(max_workers=min(8, len(posts))) as pool:
        outcomes = list(pool.map(_post, posts))
    for p, outcome in zip(posts, outcomes, strict=True):
        with session_scope(bind) as db:
            _record(db, p.delivery_id, outcome, now)
    return len(posts)
