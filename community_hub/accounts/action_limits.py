"""A ceiling on how fast one session (or one client without a session) may change things.

Log-ins and codes have their own, stricter limits (login_guard, auth). This one is for every
other write a page can send — a script on the socket could otherwise post reviews, quotes or
care questions without end. It counts in a moving window with the `limits` library: in this
worker's memory by default, in Redis when the app runs with several workers (REFLEX_REDIS_URL),
so the ceiling holds across them.
"""

from __future__ import annotations

import hashlib

from limits import RateLimitItemPerMinute

from community_hub.core.config import settings
from community_hub.core.errors import RateLimited
from community_hub.core.i18n import phrase
from community_hub.core.rate_storage import moving_window

TOO_FAST = phrase("You are doing that too fast. Wait a few seconds and try again.")


def _key(token: str, client: str) -> str:
    # The session token itself is a secret: only its hash goes to the counter's storage.
    who = token or f"client:{client}"
    return "hub-actions:" + hashlib.sha256(who.encode()).hexdigest()[:32]


def check_action(token: str, client: str) -> None:
    """Count one write for this session (or client); refuse when over the ceiling a minute."""
    item = RateLimitItemPerMinute(settings().actions_per_minute)
    if not moving_window().hit(item, _key(token, client)):
        raise RateLimited(TOO_FAST)
