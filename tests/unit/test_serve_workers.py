"""`./hub run --workers N`: several workers only where they share state (Redis) and data
(PostgreSQL); anything else is refused with the reason, before anything is migrated or built."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from community_hub.core.config import PROJECT_ROOT
from community_hub.serve_workers import (
    WorkersRefused,
    asked_workers,
    decide_workers,
    redis_state_settings,
)

PG = "postgresql://postgres@127.0.0.1:5432/hub"
REDIS = {"REFLEX_REDIS_URL": "redis://127.0.0.1:6379/0"}


def test_several_workers_on_postgres_with_state_in_redis():
    assert decide_workers(4, REDIS, PG) == 4
    assert decide_workers(2, {**REDIS, "REFLEX_STATE_MANAGER_MODE": "redis"}, "postgresql+psycopg://x/hub") == 2


def test_state_in_redis_is_kept_by_the_worker_between_a_tabs_events_unless_the_operator_says_otherwise():
    assert redis_state_settings(REDIS) == {"REFLEX_OPLOCK_ENABLED": "true"}
    assert redis_state_settings({**REDIS, "REFLEX_OPLOCK_ENABLED": "false"}) == {}  # the operator's word stands
    assert redis_state_settings({}) == {}  # state in memory: nothing to lock in Redis
    assert redis_state_settings({**REDIS, "REFLEX_STATE_MANAGER_MODE": "memory"}) == {}


def test_unasked_is_one_per_core_only_where_workers_can_share():
    assert decide_workers(None, REDIS, PG, cpu_count=2) == 2
    assert decide_workers(None, REDIS, "sqlite:///hub.db", cpu_count=2) == 1  # Redis alone is not enough
    assert decide_workers(None, {}, PG, cpu_count=2) == 1


@pytest.mark.parametrize(("env", "db_url", "says"), [
    ({}, PG, "need REFLEX_REDIS_URL"),
    (REDIS, "sqlite:///hub.db", "need PostgreSQL"),
    ({**REDIS, "REFLEX_STATE_MANAGER_MODE": "memory"}, PG, "REFLEX_STATE_MANAGER_MODE=memory"),
])
def test_two_workers_refused_with_the_reason(env, db_url, says):
    with pytest.raises(WorkersRefused, match=says):
        decide_workers(2, env, db_url)
    assert decide_workers(1, env, db_url) == 1  # one worker always runs


def test_worker_count_read_from_hub_workers_and_checked():
    assert asked_workers(None, {"HUB_WORKERS": "3"}) == 3
    assert asked_workers(2, {"HUB_WORKERS": "3"}) == 2  # --workers wins
    assert asked_workers(None, {"GRANIAN_WORKERS": "2"}) == 2  # the older name still counts
    assert asked_workers(None, {"HUB_WORKERS": "3", "GRANIAN_WORKERS": "2"}) == 3
    assert asked_workers(None, {}) is None
    with pytest.raises(WorkersRefused, match="HUB_WORKERS must be a whole number"):
        asked_workers(None, {"HUB_WORKERS": "many"})
    with pytest.raises(WorkersRefused, match="1 or more"):
        decide_workers(0, REDIS, PG)


def test_the_server_refuses_two_workers_on_sqlite_before_building(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFLEX_", "GRANIAN_", "HUB_WORKERS"))}
    env.update({"HUB_DEMO_MODE": "1", "REFLEX_DB_URL": f"sqlite:///{tmp_path}/hub.db",
                "REFLEX_REDIS_URL": "redis://127.0.0.1:6379/15"})
    done = subprocess.run([sys.executable, "-m", "community_hub.serve", "--workers", "2", "--port", "3999"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "2 workers need PostgreSQL" in done.stderr
    assert "frontend" not in done.stdout  # refused before any build
