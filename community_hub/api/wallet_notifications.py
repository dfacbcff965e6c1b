"""POST /api/payments/notify/{provider}: WeChat Pay's and Alipay's payment notifications.

Each is verified by its provider from the raw body and the headers (WeChat's Wechatpay-* headers,
Alipay's signed form), then applied through the one webhook path (payments/webhooks.handle_event)
in one transaction with the record that it was seen, and answered in the provider's own words:
handled, or "send it again" (a notification that could not be applied yet, or one whose provider
did not answer a question it needed). A forged or stale one changes nothing; a provider that is
not configured here is 404."""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import Response

from community_hub.core.config import ConfigError
from community_hub.core.db import session_scope
from community_hub.payment_hooks import register_payment_hooks
from community_hub.payments.providers import registry
from community_hub.payments.providers.base import PaymentProviderError, WebhookSignatureError
from community_hub.payments.providers.wallet_apps import NotificationAnswer
from community_hub.payments.webhooks import handle_event

log = logging.getLogger("community_hub.api.wallet_notifications")
MAX_BODY = 64 * 1024  # a notification is a few hundred bytes


def _apply(name: str, raw: bytes, headers: dict[str, str]) -> NotificationAnswer | None:
    if name not in registry.configured_wallet_apps():
        return None
    try:
        provider = registry.get_provider(name)
    except ConfigError:
        return None
    try:
        event = provider.parse_notification(raw, headers)
    except WebhookSignatureError as exc:
        log.warning("%s notification refused: %s %s", name, exc.message, exc.detail)
        return provider.notification_answer(False)
    except PaymentProviderError as exc:  # it asked the provider (a refund's amount) and got no answer
        log.warning("%s notification not read yet: %s", name, exc)
        return provider.notification_answer(False)
    register_payment_hooks()  # idempotent; the app registered them already at start-up
    with session_scope() as db:
        result = handle_event(db, event)
    return provider.notification_answer(result.http_status == 200)


async def wallet_notification(request: Request) -> Response:
    name = request.path_params.get("provider", "")
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return Response(status_code=413)
    headers = {k.lower(): v for k, v in request.headers.items()}
    answer = await asyncio.to_thread(_apply, name, raw, headers)
    if answer is None:
        return Response(status_code=404)
    return Response(answer.body, status_code=answer.http_status, media_type=answer.content_type)
