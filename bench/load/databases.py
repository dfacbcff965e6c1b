"""The bench's own databases: a SQLite file in a temporary folder, and a throw-away PostgreSQL
database (dropped afterwards) plus one Redis database (flushed before and after), each migrated and
loaded with the demo data exactly as `./hub run` prepares a database."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.load.servers import ROOT, cpu_seconds_of

PG_ADMIN_URL = os.environ.get("HUB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("HUB_BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")  # tests use 0, 13, 15


def prepare(db_url: str) -> None:
    env = {**os.environ, "REFLEX_DB_URL": db_url, "HUB_DEMO_MODE": "1"}
    subprocess.run([sys.executable, "-m", "community_hub.manage", "prepare"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder}/load.db"


def pg_reachable() -> str | None:
    try:
        eng = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 2})
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable here"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL.split('@')[-1]} ({type(exc).__name__})"


def create_pg() -> tuple[str, str]:
    """A new database; returns (its name, the app's URL for it)."""
    name = f"hub_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, PG_ADMIN_URL.rsplit("/", 1)[0].replace("+psycopg", "") + f"/{name}"


def drop_pg(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def redis_answers() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return None
    except (redis.RedisError, ValueError) as exc:
        return f"Redis not reachable at {REDIS_URL} ({exc})"


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


DATABASE_PROCESSES = ("postgres", "redis-server")


def database_cpu_seconds() -> float:
    """CPU time (user + system) used so far by this machine's PostgreSQL and Redis processes: what
    the workers' runs share the two cores with, beside the generator (read from /proc; 0 elsewhere)."""
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip().startswith(DATABASE_PROCESSES):
                pids.append(int(comm.parent.name))
        except OSError:
            pass
    return cpu_seconds_of(pids)
