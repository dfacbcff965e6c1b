"""GET /ready: may a load balancer send people to this worker now?

503 while the database (or Redis, when REFLEX_REDIS_URL is set) cannot be reached, 200 otherwise.
`/ping` (Reflex's) stays the liveness answer: the process is up, even while its database is not,
so an orchestrator does not restart a worker that a database restart would not cure. The pages'
banner (assets/records_away.js) asks this too, so the answer is kept for CACHE_SECONDS: many open
pages cost about one probe a second per worker. Says nothing secret."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from community_hub.core.config import settings
from community_hub.core.db import engine

CACHE_SECONDS = 1.0
PROBE_TIMEOUT = 3.0  # an address that drops packets would otherwise hold the probe for minutes

_last: tuple[float, int, dict] | None = None  # (when, status, body) of this worker's last probe


def _database() -> str:
    with engine().connect() as conn:
        conn.execute(text("select 1"))
    return "ok"


def _redis(url: str) -> str:
    import redis  # Reflex's own dependency, there whenever Redis is configured

    client = redis.Redis.from_url(url, socket_timeout=PROBE_TIMEOUT, socket_connect_timeout=PROBE_TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


async def _check(fn, *args) -> str:
    try:
        return await asyncio.wait_for(asyncio.to_thread(fn, *args), PROBE_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; only its kind is told
        return f"unreachable ({type(exc).__name__})"


async def probe() -> tuple[int, dict]:
    """(status code, body): 200 and every part "ok", else 503 naming what is unreachable."""
    body = {"database": await _check(_database)}
    redis_url = settings().redis_url
    if redis_url:
        body["redis"] = await _check(_redis, redis_url)
    ok = all(v == "ok" for v in body.values())
    return (200 if ok else 503), {"status": "ready" if ok else "unavailable", **body}


async def ready(_request: Request) -> JSONResponse:
    global _last
    if _last is None or time.monotonic() - _last[0] > CACHE_SECONDS:
        code, body = await probe()
        _last = (time.monotonic(), code, body)
    _, code, body = _last
    return JSONResponse(body, status_code=code, headers={"Cache-Control": "no-store"})
