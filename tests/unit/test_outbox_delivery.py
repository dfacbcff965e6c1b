"""Outbox delivery over a real SMTP server (aiosmtpd) and a real HTTP SMS endpoint."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from community_hub.core.config import load_settings, override_settings
from community_hub.models import InboxItem, OutboxMessage, OutboxStatus
from community_hub.models.base import utcnow
from community_hub.notify import inbox, outbox, worker
from tests import factories as f
from tests.throwaway import free_port


class _Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(envelope.content.decode())
        return "250 OK"


def _use(smtp_port: int | None = None, sms_url: str | None = None, demo: str = "0"):
    env = {"HUB_DEMO_MODE": demo, "HUB_SECRET_KEY": "s" * 40, "HUB_SMTP_URL": f"smtp://127.0.0.1:{smtp_port or 1}",
           "HUB_PAYMENT_PROVIDER": "stripe", "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}
    if sms_url:
        env["HUB_SMS_URL"] = sms_url
    override_settings(load_settings(env))


def test_email_survives_a_down_smtp_server_and_is_sent_once_when_it_recovers(engine, tx, db):
    port = free_port()
    _use(port)  # nothing listens on the port yet: the server is "down"
    with tx() as s:
        outbox.enqueue(s, template="welcome", to="ann@example.test", name="Ann")
    now = utcnow()
    assert worker.deliver_due(engine, now) == {"sent": 0, "retry": 1, "failed": 0}
    msg = db.exec(select(OutboxMessage)).one()
    assert msg.status == OutboxStatus.PENDING and msg.attempts == 1 and "failed" in msg.last_error
    # Not due again before its back-off: a second pass does nothing.
    assert worker.deliver_due(engine, now + timedelta(seconds=1))["retry"] == 0

    handler = _Collect()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        later = now + timedelta(seconds=6)
        assert worker.deliver_due(engine, later) == {"sent": 1, "retry": 0, "failed": 0}
        assert worker.deliver_due(engine, later + timedelta(hours=1)) == {"sent": 0, "retry": 0, "failed": 0}
    finally:
        server.stop()
    assert len(handler.messages) == 1
    assert "Welcome, Ann!" in handler.messages[0]
    db.expire_all()
    assert db.exec(select(OutboxMessage)).one().status == OutboxStatus.SENT


def test_message_rolled_back_with_its_cause_is_never_sent(engine, tx, db):
    _use()
    with pytest.raises(RuntimeError), tx() as s:
        outbox.enqueue(s, template="welcome", to="ann@example.test", name="Ann")
        raise RuntimeError("the order failed")
    assert db.exec(select(OutboxMessage)).all() == []


def test_crashed_worker_lease_expires_and_message_is_retried(engine, tx, db):
    port = free_port()
    handler = _Collect()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    _use(port)
    try:
        with tx() as s:
            m = outbox.enqueue(s, template="welcome", to="bo@example.test", name="Bo")
        now = utcnow()
        assert [c.id for c in worker.claim_due(engine, now, 10)] == [m.id]  # a worker claims it, then dies
        assert worker.deliver_due(engine, now) == {"sent": 0, "retry": 0, "failed": 0}
        assert worker.deliver_due(engine, now + worker.LEASE + timedelta(seconds=1))["sent"] == 1
    finally:
        server.stop()
    assert len(handler.messages) == 1


def test_sms_goes_to_http_provider_and_retries_on_5xx(engine, tx, db):
    received, fail_first = [], {"left": 1}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if fail_first["left"]:
                fail_first["left"] -= 1
                self.send_response(503)
            else:
                received.append((body, self.headers["Idempotency-Key"]))
                self.send_response(202)
            self.end_headers()

        def log_message(self, *args):
            pass

    http = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    _use(sms_url=f"http://127.0.0.1:{http.server_address[1]}/sms")
    try:
        with tx() as s:
            outbox.enqueue(s, template="verify_code", to="+15550001111", code="123456")
        now = utcnow()
        assert worker.deliver_due(engine, now)["retry"] == 1
        assert worker.deliver_due(engine, now + timedelta(seconds=6))["sent"] == 1
    finally:
        http.shutdown()
    assert len(received) == 1
    assert received[0][0]["to"] == "+15550001111" and "123456" in received[0][0]["body"]


def test_in_app_message_lands_in_inbox_once_with_unread_count(engine, tx, db):
    _use()
    with tx() as s:
        u = f.user(s)
        outbox.notify_user(s, u.id, "welcome", link="/home", name="Zed")
        outbox.notify_user(s, u.id, "roles_changed", roles="resident")
    worker.deliver_due(engine)
    worker.deliver_due(engine, utcnow() + timedelta(hours=1))
    items = db.exec(select(InboxItem)).all()
    assert len(items) == 2
    with tx() as s:
        actor = f.actor(s, s.get(type(u), u.id))
        assert inbox.unread_count(s, actor) == 2
        page, total = inbox.list_items(s, actor)
        assert total == 2 and page[0].title == "Your roles changed"
        before = inbox.version(s, actor)
        assert before == (page[0].id, 2)
        inbox.mark_read(s, actor, page[0].id)
    with tx() as s:
        assert inbox.unread_count(s, actor) == 1
        assert inbox.version(s, actor) != before  # an open inbox page sees the change and re-reads


def test_a_pass_of_in_app_notes_commits_once_however_many_there_are(engine, tx, db):
    """The load bench: a commit per note and another per mark was most of the outbox worker's
    time. A pass claims (one commit) and delivers every in-app note of the batch in one more."""
    from sqlalchemy import event

    _use()
    with tx() as s:
        u = f.user(s)
        for n in range(12):
            outbox.notify_user(s, u.id, "roles_changed", link="/home", roles=f"resident {n}")
    commits: list[int] = []
    listener = lambda conn: commits.append(1)  # noqa: E731
    event.listen(engine, "commit", listener)
    try:
        assert worker.deliver_due(engine) == {"sent": 12, "retry": 0, "failed": 0}
    finally:
        event.remove(engine, "commit", listener)
    assert len(commits) == 2
    assert len(db.exec(select(InboxItem)).all()) == 12
    assert worker.deliver_due(engine, utcnow() + timedelta(hours=1))["sent"] == 0


def test_gives_up_after_max_attempts_and_admin_can_requeue(engine, tx, db):
    _use(free_port())
    with tx() as s:
        m = outbox.enqueue(s, template="welcome", to="x@example.test", name="X")
    t = utcnow()
    for _ in range(worker.MAX_ATTEMPTS):
        worker.deliver_due(engine, t)
        t += timedelta(hours=1)
    db.expire_all()
    assert db.get(OutboxMessage, m.id).status == OutboxStatus.FAILED
    worker.retry_now(engine, m.id)
    db.expire_all()
    assert db.get(OutboxMessage, m.id).status == OutboxStatus.PENDING
