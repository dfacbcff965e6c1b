"""The Reflex app: pages (registered by @rx.page on import), the API, the outbox worker."""

import asyncio
import logging

import reflex as rx

from community_hub.api.app import build_api
from community_hub.api.upload_limit import limit_upload_size
from community_hub.core.config import settings
from community_hub.notify import worker
from community_hub.pages import register_all_pages
from community_hub.payment_hooks import register_payment_hooks

log = logging.getLogger("community_hub")


async def deliver_outbox_forever(interval: float = 1.0):
    """Every worker process runs this; claims in the database keep a message from going twice."""
    settings()  # fail fast on bad configuration
    while True:
        try:
            await asyncio.to_thread(worker.deliver_due)
        except Exception:  # noqa: BLE001 - a bad pass is logged and the next one tries again
            log.exception("outbox pass failed")
        await asyncio.sleep(interval)


register_all_pages()  # importing every page module registers its @rx.page routes
# Payment events move orders, bills and ad bookings through hooks: every process that can receive
# a payment event must have them, whichever pages it happens to load.
register_payment_hooks()


async def housekeeping_forever(interval: float = 60.0):
    """Auto-sign delivered orders, close the books on signed ones, expire old requests."""
    from community_hub import housekeeping

    while True:
        await asyncio.sleep(interval)
        await asyncio.to_thread(housekeeping.run_once)


app = rx.App(
    head_components=[rx.el.meta(name="theme-color", content="#0d9488"),
                     # Drawn for the app (assets/): a white house on the app's teal.
                     rx.el.link(rel="icon", href="/favicon.ico", sizes="any"),
                     rx.el.link(rel="apple-touch-icon", href="/apple-touch-icon.png"),
                     # Installable app: the manifest, and the script that registers the service
                     # worker, keeps the offline copies and shows the offline banner (assets/pwa.js).
                     rx.el.link(rel="manifest", href="/manifest.webmanifest"),
                     rx.el.script(src="/pwa.js", defer=True)],
    # The map's CSS on every page (assets/vendor/leaflet.css says why it is not imported by the map).
    stylesheets=["/vendor/leaflet.css"],
    # The REST API and webhooks beside the app; then a size ceiling on Reflex's upload route.
    api_transformer=[build_api(), limit_upload_size],
)
app.register_lifespan_task(deliver_outbox_forever)
app.register_lifespan_task(housekeeping_forever)
