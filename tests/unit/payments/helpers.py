"""Small helpers shared by the money tests: signed Stripe-shaped events, fresh reads."""

from __future__ import annotations

import json
import secrets
import time

import stripe

from community_hub.payments.webhooks import handle_webhook

WEBHOOK_SECRET = "whsec_test_" + "a1" * 16


def fresh(db, model, ident):
    """Read what the last transaction committed (the probe session keeps objects it has seen)."""
    db.expire_all()
    return db.get(model, ident)


def event(kind: str, obj: dict, created: int | None = None, event_id: str | None = None) -> tuple[bytes, str]:
    """A Stripe-shaped event body and its Stripe-Signature header, signed with the test secret."""
    body = json.dumps({
        "id": event_id or "evt_" + secrets.token_hex(10), "object": "event", "api_version": "2025-01-27.acacia",
        "created": created or int(time.time()), "livemode": False, "type": kind, "pending_webhooks": 1,
        "data": {"object": obj}, "request": {"id": None, "idempotency_key": None},
    })
    return body.encode(), stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)


def intent(pid: str, status: str, amount: int = 2000, **extra) -> dict:
    return {"id": pid, "object": "payment_intent", "status": status, "amount": amount, "currency": "usd",
            "amount_received": amount if status == "succeeded" else 0, "metadata": {}, **extra}


def deliver(tx, raw: bytes, sig: str):
    """What the webhook route does: one transaction around handle_webhook."""
    with tx() as db:
        return handle_webhook(db, raw, sig)
