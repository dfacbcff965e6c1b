"""A ceiling on how fast one session (or one client without a session) may change things.

Log-ins and codes have their own, stricter limits (login_guard, auth). This one is for every
other write a page can send — a script on the socket could otherwise post reviews, quotes or
care questions without end. It counts in a moving window with the `limits` library: in this
worker's memory by default, in Redis when the app runs with several workers (REFLEX_REDIS_URL),
so the ceiling holds across them.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from limits import RateLimitItemPerMinute
from limits.storage import Storage
from limits.strategies import MovingWindowRateLimiter

from community_hub.core.config import settings
from community_hub.core.errors import RateLimited
from community_hub.core.i18n import phrase
from community_hub.core.rate_storage import storage_for

TOO_FAST = phrase("You are doing that too fast. Wait a few seconds and try again.")


@lru_cache(maxsize=4)
def _limiter(storage_uri: str) -> MovingWindowRateLimiter:
    storage: Storage = storage_for(storage_uri)
    return MovingWindowRateLimiter(storage)


def _storage_uri() -> str:
    return settings().redis_url or "memory://"


def _key(token: str, client: str) -> str:
    # The session token itself is a secret: only its hash goes to the counter's storage.
    who = token or f"client:{client}"
    return "hub-actions:" + hashlib.sha256(who.encode()).hexdigest()[:32]


def check_action(token: str, client: str) -> None:
    """Count one write for this session (or client); refuse when over the ceiling a minute."""
    item = RateLimitItemPerMinute(settings().actions_per_minute)
    if not _limiter(_storage_uri()).hit(item, _key(token, client)):
        raise RateLimited(TOO_FAST)
