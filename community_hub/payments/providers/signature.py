"""Stripe's webhook signature scheme (`Stripe-Signature: t=...,v1=HMAC-SHA256(t.body)`), used by
both providers so one webhook path serves the demo and Stripe."""

from __future__ import annotations

import json
import logging

import stripe

from community_hub.payments.providers.base import WebhookEvent, WebhookSignatureError

log = logging.getLogger("community_hub.payments")

TOLERANCE_SECONDS = 300


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for `payload` (what the demo provider sends, and tests use)."""
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)


def verify_event(raw_body: bytes, signature_header: str | None, secret: str, provider: str,
                 tolerance: int = TOLERANCE_SECONDS) -> WebhookEvent:
    """Check the signature against the raw body (never a re-serialised one), then parse."""
    if not secret:
        raise WebhookSignatureError("Webhooks are not configured (no signing secret).")
    if not signature_header:
        raise WebhookSignatureError("The webhook has no signature.")
    try:
        body = raw_body.decode("utf-8") if isinstance(raw_body, bytes | bytearray) else raw_body
        stripe.WebhookSignature.verify_header(body, signature_header, secret, tolerance)
        data = json.loads(body)
    except stripe.SignatureVerificationError as exc:
        raise WebhookSignatureError("The webhook signature does not match.", detail=str(exc)) from exc
    except (UnicodeDecodeError, ValueError, IndexError) as exc:
        raise WebhookSignatureError("The webhook is not a signed Stripe event.", detail=str(exc)) from exc
    if not isinstance(data, dict) or data.get("object") != "event" or not data.get("id"):
        raise WebhookSignatureError("The webhook body is not an event.")
    obj = (data.get("data") or {}).get("object") or {}
    return WebhookEvent(
        id=str(data["id"]), type=str(data.get("type", "")), created=int(data.get("created") or 0),
        object=dict(obj), provider=provider, livemode=bool(data.get("livemode")),
    )
