"""GET /ready: 503 while the database (or Redis, when configured) cannot be reached, so a load
balancer stops sending people to this worker; 200 when both answer. Real servers: a PostgreSQL
address where nothing listens is a database that is away."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from community_hub.api import ready
from community_hub.api.app import build_api
from community_hub.core.config import load_settings, override_settings
from tests.throwaway import free_port


@pytest.fixture
def ask(tmp_path):
    def get(db_url: str, redis_url: str = "") -> tuple[int, dict]:
        env = {"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "s", "REFLEX_DB_URL": db_url}
        if redis_url:
            env["REFLEX_REDIS_URL"] = redis_url
        override_settings(load_settings(env))
        ready._last = None  # a new question, not the last second's answer
        resp = TestClient(build_api()).get("/ready")
        return resp.status_code, resp.json()

    yield get
    ready._last = None
    override_settings(None)


def test_ready_while_the_database_answers(ask, tmp_path):
    assert ask(f"sqlite:///{tmp_path}/ready.db") == (200, {"status": "ready", "database": "ok"})


def test_not_ready_while_the_database_is_away(ask):
    code, body = ask(f"postgresql://postgres@127.0.0.1:{free_port()}/postgres")
    assert code == 503
    assert body["status"] == "unavailable" and body["database"].startswith("unreachable")


def test_not_ready_while_redis_is_away(ask, tmp_path):
    code, body = ask(f"sqlite:///{tmp_path}/ready.db", redis_url=f"redis://127.0.0.1:{free_port()}/0")
    assert code == 503
    assert body["database"] == "ok" and body["redis"].startswith("unreachable")
