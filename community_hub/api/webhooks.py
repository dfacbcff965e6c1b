"""POST /api/webhooks/payments: the payment provider's events (Stripe, or the demo provider's
Stripe-shaped ones). The signature is checked against the raw body, and the event is applied in
one transaction together with the record that it was seen, so a replay changes nothing."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse

from community_hub.core.db import session_scope
from community_hub.payment_hooks import register_payment_hooks
from community_hub.payments.webhooks import handle_webhook


def _apply(raw: bytes, signature: str | None):
    register_payment_hooks()  # idempotent; the app registered them already at start-up
    with session_scope() as db:
        return handle_webhook(db, raw, signature)


async def payment_webhook(request: Request) -> JSONResponse:
    raw = await request.body()  # the exact bytes: re-serialised JSON would break the signature
    result = await asyncio.to_thread(_apply, raw, request.headers.get("stripe-signature"))
    return JSONResponse({"status": result.status, "event": result.event_id, "message": result.message},
                        status_code=result.http_status)
