"""The production build again, now the way it scales: PostgreSQL, state in Redis, two workers.
Same port and build as tests/e2e (no rebuild); its own database and Redis db, removed afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis
from sqlalchemy import create_engine, text

from tests.conftest import PG_ADMIN_URL, require_pg
from tests.e2e.conftest import _app, app_server, base_url, browser_type_launch_args, mailbox  # noqa: F401

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture(scope="session")
def app_env_extra() -> Iterator[dict[str, str]]:
    require_pg()
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({exc}); scaled browser test skipped")
    name = f"hub_e2e_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield {
        "REFLEX_DB_URL": PG_ADMIN_URL.rsplit("/", 1)[0].replace("+psycopg", "") + f"/{name}",
        "REFLEX_REDIS_URL": REDIS_URL,
        # tests/e2e's base environment keeps state in memory; two workers must share it in Redis
        # (the server refuses two workers otherwise).
        "REFLEX_STATE_MANAGER_MODE": "redis",
        "GRANIAN_WORKERS": "2",
    }
    redis.Redis.from_url(REDIS_URL).flushdb()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
