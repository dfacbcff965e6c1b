"""The Reflex app: pages (registered by @rx.page on import), the API, the outbox worker."""

import asyncio
import logging

import reflex as rx

from community_hub.config import settings
from community_hub.notify import worker

# Importing the page modules registers their routes.
from community_hub.pages import account, index  # noqa: F401
from community_hub.pages.admin import dashboard as admin_dashboard  # noqa: F401
from community_hub.pages.admin import outbox, users  # noqa: F401
from community_hub.pages.agent import home as agent_home  # noqa: F401
from community_hub.pages.auth import forgot, login, register, verify  # noqa: F401
from community_hub.pages.kiosk import attract  # noqa: F401
from community_hub.pages.merchant import dashboard as merchant_dashboard  # noqa: F401
from community_hub.pages.property import dashboard as property_dashboard  # noqa: F401
from community_hub.pages.resident import home as resident_home  # noqa: F401

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


app = rx.App(
    head_components=[rx.el.meta(name="theme-color", content="#0d9488")],
)
app.register_lifespan_task(deliver_outbox_forever)
