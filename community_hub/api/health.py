"""GET /api/health: is the database reachable, is the outbox draining, and on PostgreSQL does
this worker hear other workers' commits (the change bell's listener: "ok", or "deaf" behind a
transaction pooler without HUB_DIRECT_DB_URL, "lost", "starting"). For load balancers and the
admin health page; says nothing secret."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, text
from sqlmodel import select
from starlette.requests import Request
from starlette.responses import JSONResponse

from community_hub.core import change_bell_pg
from community_hub.core.config import settings
from community_hub.core.db import read_session
from community_hub.models import OutboxMessage, OutboxStatus


def _probe() -> dict:
    with read_session() as db:
        db.exec(text("select 1"))
        counts = dict(db.exec(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    body = {"status": "ok", "database": "ok",
            "outbox": {"pending": counts.get(OutboxStatus.PENDING, 0), "failed": counts.get(OutboxStatus.FAILED, 0)}}
    if settings().db_url.startswith("postgresql"):
        hearing = change_bell_pg.hearing(settings().straight(settings().db_url)) or "starting"
        body["change_bell"] = "ok" if hearing == "listening" else hearing
    return body


async def health(_request: Request) -> JSONResponse:
    try:
        body = await asyncio.to_thread(_probe)
    except Exception as exc:  # noqa: BLE001 - the probe reports any failure as unhealthy
        return JSONResponse({"status": "error", "database": type(exc).__name__}, status_code=503)
    return JSONResponse(body)
