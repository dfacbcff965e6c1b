"""The production build again, now the way it scales: PostgreSQL, state in Redis, two workers.
Same port and build as tests/e2e (no rebuild); its own database and Redis db, removed afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from tests import throwaway
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
    with throwaway.pg_database(PG_ADMIN_URL, "hub_e2e") as url:
        yield {
            "REFLEX_DB_URL": url.replace("+psycopg", ""),
            "REFLEX_REDIS_URL": REDIS_URL,
            # tests/e2e's base environment keeps state in memory; two workers must share it in Redis
            # (the server refuses two workers otherwise).
            "REFLEX_STATE_MANAGER_MODE": "redis",
            "HUB_WORKERS": "2",
        }
        redis.Redis.from_url(REDIS_URL).flushdb()
