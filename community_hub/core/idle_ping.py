"""PostgreSQL connections are tested before use only after they sat unused for a while.

SQLAlchemy's `pool_pre_ping` asks the server "SELECT 1" on every checkout, and a page's service
call checks a connection out every time: on the load bench's PostgreSQL worker the pings were a
sixth of the service threads' time, a round trip and a statement for the database each. A
connection checked in less than `PING_AFTER_IDLE_S` ago was working then; one idle longer (the
database may have restarted, a proxy may have cut it) is pinged first, and a dead one is replaced
before anyone uses it (SQLAlchemy's pessimistic disconnect handling: `DisconnectionError` from a
checkout makes the pool try a fresh connection). A restart inside that window costs one refused
use at most: SQLAlchemy then drops the whole pool, reads are tried again (core/outage), and a
write says it was not done.
"""

from __future__ import annotations

import time

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

PING_AFTER_IDLE_S = 10.0
_LAST_USE = "hub_checked_in_at"


def ping_when_idle(engine: Engine) -> Engine:
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn, record) -> None:
        record.info[_LAST_USE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn, record, _proxy) -> None:
        last = record.info.get(_LAST_USE)
        if last is not None and time.monotonic() - last < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)  # the dialect's own ping (outside any transaction)
        except Exception as error:  # noqa: BLE001 - any failure: this connection is not usable
            raise exc.DisconnectionError() from error
    return engine
