"""Reflex configuration. Reflex reads only REFLEX_-prefixed environment variables for its own
settings; our database and Redis URLs come from there too (see docs/ARCHITECTURE.md)."""

import os

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from community_hub.core.config import allowed_origins, default_db_url

_redis = os.environ.get("REFLEX_REDIS_URL") or None

config = rx.Config(
    app_name="community_hub",
    app_module_import="community_hub.app",  # the app lives in app.py, not <app_name>/<app_name>.py
    db_url=os.environ.get("REFLEX_DB_URL") or default_db_url(),
    redis_url=_redis,
    # With Redis, state lives there and many workers share it; without, one process in memory.
    state_manager_mode="redis" if _redis else os.environ.get("REFLEX_STATE_MANAGER_MODE", "memory"),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    default_color_mode="light",
    # Reflex allows every origin by default, for its websocket too. Only our own pages (and any
    # public URL the operator names) may open the event socket or call the API from a browser.
    cors_allowed_origins=allowed_origins(),
    disable_plugins=[SitemapPlugin],  # no public sitemap: most pages are behind a login
    plugins=[
        rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="teal", radius="medium")),
    ],
)
