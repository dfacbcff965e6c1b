"""The Reflex app: pages (registered by @rx.page on import), the API, the outbox worker."""

import asyncio
import logging

import reflex as rx

# Imported with the app, not by the first event with a dict payload (Reflex imports it lazily
# there: alembic and all, ~85 ms holding the interpreter while every socket of the worker waits).
import reflex.model  # noqa: F401
from reflex.app import default_backend_exception_handler

from community_hub.api.app import build_api
from community_hub.api.public_site import public_site
from community_hub.api.upload_limit import limit_upload_size
from community_hub.core import change_bell
from community_hub.core.config import settings
from community_hub.core.outage import JobHealth, RecordsAway, is_unreachable, short
from community_hub.gc_tuning import freeze_what_the_worker_started_with
from community_hub.notify import worker
from community_hub.pages import register_all_pages
from community_hub.partner_api import webhook_delivery
from community_hub.payment_hooks import register_payment_hooks
from community_hub.warm_up import warm_up
from components.records_away import records_away_banner
from state.shared.call_guard import CallGuard
from state.shared.service_call import SHOW_RECORDS_AWAY

log = logging.getLogger("community_hub")
warm_up()


async def settle_the_start():
    """Once the worker is up, before its first socket: what it started with is kept out of the
    garbage collector's walks for good (community_hub/gc_tuning.py)."""
    frozen = freeze_what_the_worker_started_with()
    log.info("start-up objects frozen out of garbage collection: %d", frozen)
    # Other workers' and processes' commits ring this worker's live pages from its start, not
    # from its first page's wait (a write in between would be heard only at the fallback time).
    change_bell.start_listening()


async def deliver_outbox_forever(interval: float = 1.0):
    """Every worker process runs this; claims in the database keep a message from going twice."""
    settings()  # fail fast on bad configuration
    health = JobHealth("outbox", log)  # one line when the database goes away, one when it is back
    while True:
        try:
            await asyncio.to_thread(worker.deliver_due)
        except Exception as exc:  # noqa: BLE001 - a bad pass is logged and the next one tries again
            health.failed(exc)
        else:
            health.passed()
        await asyncio.sleep(interval)


async def deliver_webhooks_forever(interval: float = 1.0):
    """The public API's webhooks (partner_api/webhook_delivery.py): every worker runs this; claims
    keep a delivery from going twice, and posts wait on threads, never on the event loop."""
    health = JobHealth("webhooks", log)
    while True:
        try:
            await asyncio.to_thread(webhook_delivery.deliver_due)
        except Exception as exc:  # noqa: BLE001 - a bad pass is logged and the next one tries again
            health.failed(exc)
        else:
            health.passed()
        await asyncio.sleep(interval)


register_all_pages()  # importing every page module registers its @rx.page routes
# Payment events move orders, bills and ad bookings through hooks: every process that can receive
# a payment event must have them, whichever pages it happens to load.
register_payment_hooks()


async def housekeeping_forever(interval: float = 60.0):
    """Auto-sign delivered orders, close the books on signed ones, expire old requests."""
    from community_hub import housekeeping

    health = JobHealth("housekeeping", log)
    while True:
        await asyncio.sleep(interval)
        try:
            await asyncio.to_thread(housekeeping.run_once)
        except Exception as exc:  # noqa: BLE001 - the database away (run_once says so): next pass
            health.failed(exc)
        else:
            health.passed()


def exception_handler(exception: Exception):
    """A handler that fell over because the database is away (a page's guard, a watcher) shows
    the banner and logs one line; anything else is a bug: Reflex's own handler (traceback)."""
    if isinstance(exception, RecordsAway) or is_unreachable(exception):
        log.warning("the database cannot be reached: %s", short(exception))
        return rx.call_script(SHOW_RECORDS_AWAY)
    return default_backend_exception_handler(exception)


app = rx.App(
    head_components=[rx.el.meta(name="theme-color", content="#0d9488"),
                     # Drawn for the app (assets/): a white house on the app's teal.
                     rx.el.link(rel="icon", href="/favicon.ico", sizes="any"),
                     rx.el.link(rel="apple-touch-icon", href="/apple-touch-icon.png"),
                     # Installable app: the manifest, and the script that registers the service
                     # worker, keeps the offline copies and shows the offline banner (assets/pwa.js).
                     rx.el.link(rel="manifest", href="/manifest.webmanifest"),
                     rx.el.script(src="/pwa.js", defer=True),
                     # The banner while the database is away (components/records_away.py).
                     rx.el.script(src="/records_away.js", defer=True)],
    # The map's CSS on every page (assets/vendor/leaflet.css says why it is not imported by the map).
    # Contrast at WCAG AA and a visible keyboard focus ring, for every component (assets/a11y.css).
    stylesheets=["/vendor/leaflet.css", "/a11y.css", "/records_away.css"],
    # On every page, above it: the banner while the database is away (hidden otherwise).
    extra_app_wraps={(3, "RecordsAway"): lambda _stateful: records_away_banner()},
    backend_exception_handler=exception_handler,
    # The REST API and webhooks beside the app; then a size ceiling on Reflex's upload route; then
    # the public site: bound host names, sitemap, robots, search-engine tags (api/public_site.py).
    api_transformer=[build_api(), limit_upload_size, public_site],
)
# Every event's arguments are checked against its handler before it runs (a forged call is refused
# with the page's message, not a traceback): state/shared/call_guard.py.
app.add_middleware(CallGuard())
app.register_lifespan_task(settle_the_start)
app.register_lifespan_task(deliver_outbox_forever)
app.register_lifespan_task(deliver_webhooks_forever)
app.register_lifespan_task(housekeeping_forever)
