"""The Starlette app that carries our HTTP routes; Reflex mounts itself inside it."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from community_hub.api.health import health
from community_hub.api.media import media
from community_hub.api.ready import ready
from community_hub.api.v1.routes import v1_routes
from community_hub.api.wallet_notifications import wallet_notification
from community_hub.api.webhooks import payment_webhook

ROUTES = [
    Route("/api/health", health, methods=["GET"]),
    Route("/ready", ready, methods=["GET"]),  # readiness for load balancers (and the pages' banner)
    Route("/api/webhooks/payments", payment_webhook, methods=["POST"]),
    # WeChat Pay's and Alipay's notifications (issue 20): WECHATPAY_/ALIPAY_NOTIFY_URL point here.
    Route("/api/payments/notify/{provider}", wallet_notification, methods=["POST"]),
    Route("/api/media/{path:path}", media, methods=["GET"]),
    # The public REST API for merchants and partners (issue 19): api/v1/.
    *v1_routes(),
]


def build_api() -> Starlette:
    return Starlette(routes=list(ROUTES))
