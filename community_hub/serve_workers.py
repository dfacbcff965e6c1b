"""How many app workers to start, and the refusal when several would not share what they must.

Several workers are safe only when they share sessions and data: Reflex keeps each page's state in
Redis (`REFLEX_REDIS_URL`, state manager "redis"), and the database is PostgreSQL, where the
background jobs claim their work with `FOR UPDATE SKIP LOCKED`. With SQLite, or sessions in each
worker's memory, a socket landing on the other worker would lose its page, and SQLite's single
writer would make the workers queue behind each other: so N > 1 is refused with the reason.

`python -m community_hub.serve_workers [--workers N]` prints the decision (exit 0) or the refusal
(exit 2); `./hub run` asks it before migrating anything.
"""

from __future__ import annotations

import argparse
import os
import sys


class WorkersRefused(Exception):
    """Why the asked number of workers cannot run on this configuration (a sentence to print)."""


def _state_mode(env: dict[str, str]) -> str:
    # rxconfig.py picks "redis" when REFLEX_REDIS_URL is set, but Reflex lets an explicit
    # REFLEX_STATE_MANAGER_MODE override that, which would quietly keep state per worker.
    asked = env.get("REFLEX_STATE_MANAGER_MODE", "").strip().lower()
    if asked:
        return asked
    return "redis" if env.get("REFLEX_REDIS_URL") else "memory"


def decide_workers(asked: int | None, env: dict[str, str], db_url: str, cpu_count: int | None = None) -> int:
    """The number of workers to run: `asked` (from --workers or HUB_WORKERS) when the setup
    allows it; unasked, one per core on PostgreSQL + Redis (measured best here), else one."""
    redis_url = env.get("REFLEX_REDIS_URL", "")
    on_postgres = db_url.startswith("postgresql")
    if asked is None:
        shared = redis_url and on_postgres and _state_mode(env) == "redis"
        return max(cpu_count or os.cpu_count() or 1, 1) if shared else 1
    if asked < 1:
        raise WorkersRefused(f"--workers must be 1 or more (got {asked}).")
    if asked == 1:
        return 1
    if not redis_url:
        raise WorkersRefused(
            f"{asked} workers need REFLEX_REDIS_URL (e.g. redis://127.0.0.1:6379/0): without Redis each "
            "worker keeps its pages' state in its own memory, and a page whose socket reaches another "
            "worker loses it. Set REFLEX_REDIS_URL, or run one worker.")
    mode = _state_mode(env)
    if mode != "redis":
        raise WorkersRefused(
            f"{asked} workers need the state in Redis, but REFLEX_STATE_MANAGER_MODE={mode} keeps it in "
            "each worker. Unset REFLEX_STATE_MANAGER_MODE (or set it to redis), or run one worker.")
    if not on_postgres:
        raise WorkersRefused(
            f"{asked} workers need PostgreSQL (REFLEX_DB_URL=postgresql://...), not "
            f"{db_url.split(':', 1)[0]}: SQLite lets one writer in at a time and serves one machine, "
            "and the background jobs share their work through PostgreSQL row locks. Run one worker on SQLite.")
    return asked


def redis_state_settings(env: dict[str, str]) -> dict[str, str]:
    """Reflex settings a worker with its state in Redis runs with, unless the operator set them.

    Opportunistic locks: a worker keeps a tab's state in memory between that tab's events (a few
    seconds, until another worker asks for it) instead of reading it from Redis and writing it
    back around every event. A tab's socket stays on one worker, so that is nearly always where
    its next event lands. The load bench measured 10.2-11.9 ms of app CPU per event with two
    workers without it and 7.1-8.4 with it in three runs of four (docs/PROFILE.md)."""
    if _state_mode(env) != "redis" or env.get("REFLEX_OPLOCK_ENABLED", "").strip():
        return {}
    return {"REFLEX_OPLOCK_ENABLED": "true"}


def redis_answers(url: str) -> str | None:
    """None when Redis answers a PING, else why not (said before anything starts)."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except (redis.RedisError, ValueError) as exc:
        return f"Redis at {url.split('@')[-1]} does not answer ({exc}); several workers share state there."
    return None


def asked_workers(cli_value: int | None, env: dict[str, str]) -> int | None:
    if cli_value is not None:
        return cli_value
    # HUB_WORKERS; GRANIAN_WORKERS is its older name, from when Granian was the only server.
    name = "HUB_WORKERS" if env.get("HUB_WORKERS", "").strip() else "GRANIAN_WORKERS"
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise WorkersRefused(f"{name} must be a whole number (got {raw!r}).") from None


def resolve(cli_value: int | None, env: dict[str, str], db_url: str) -> int:
    """The full check `./hub run` and `serve` make: the number, then Redis reachable when N > 1."""
    workers = decide_workers(asked_workers(cli_value, env), env, db_url)
    if workers > 1 and (problem := redis_answers(env["REFLEX_REDIS_URL"])):
        raise WorkersRefused(problem)
    return workers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check how many app workers this configuration can run.")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    from community_hub.core.config import ConfigError, load_settings

    try:
        db_url = load_settings().db_url
        workers = resolve(args.workers, dict(os.environ), db_url)
    except (ConfigError, WorkersRefused) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"workers: {workers}" + (" (state in Redis, PostgreSQL)" if workers > 1 else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
