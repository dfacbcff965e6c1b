"""Serve the app in production mode on one port, rebuilding the frontend only when it changed.

`reflex run --env prod` compiles and rebuilds the frontend on every start. This launcher keys the
build on a hash of everything that shapes it (pages, states, components, assets, rxconfig, the
port baked into the bundle, the Reflex version) and reuses an unchanged build, so a second start
takes seconds. It follows reflex 0.10.1's own `_run_prod` step by step (pinned in pyproject).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

from community_hub.core.config import PROJECT_ROOT

# What shapes the compiled frontend. Services and models do not (states call them at run time),
# so changing business rules does not cost a frontend rebuild.
SOURCE_DIRS = ("community_hub/pages", "state", "components", "assets")
SOURCE_FILES = ("rxconfig.py", "community_hub/app.py")


def build_key(port: int) -> str:
    from importlib.metadata import version

    digest = hashlib.sha256(f"port={port};reflex={version('reflex')}".encode())
    files = [PROJECT_ROOT / f for f in SOURCE_FILES]
    for folder in SOURCE_DIRS:
        files += sorted(p for p in (PROJECT_ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp_path(web_dir: Path) -> Path:
    return web_dir / ".hub-build-stamp"


def build_if_needed(port: int, force: bool = False) -> bool:
    """Compile and build the frontend unless the stamped build matches. Returns True if built."""
    from reflex import reflex as rx_cli
    from reflex.utils import build, prerequisites
    from reflex_base.config import get_config

    web_dir = prerequisites.get_web_dir()
    if not web_dir.is_absolute():
        web_dir = PROJECT_ROOT / web_dir
    key = build_key(port)
    stamp = _stamp_path(web_dir)
    static_index = web_dir / "build" / "client" / "index.html"
    if not force and stamp.exists() and stamp.read_text() == key and static_index.exists():
        return False
    config = get_config()
    if prerequisites.needs_reinit():
        rx_cli._init(name=config.app_name)
    rx_cli._compile_app(avoid_dirty_check=False)
    build.setup_frontend_prod(PROJECT_ROOT)
    stamp.write_text(key)
    return True


def listen_host(asked: str | None, demo_mode: bool) -> str:
    """The demo's passwords are published (an admin's too): unless HUB_HOST says otherwise it
    listens on this computer only. Outside demo mode the operator's choice (or every interface)."""
    if asked:
        return asked
    return "127.0.0.1" if demo_mode else "0.0.0.0"


def listen_banner(host: str, port: int, demo_mode: bool) -> str:
    where = f"listening on {host}:{port}"
    if demo_mode and host in ("127.0.0.1", "localhost", "::1"):
        return (where + " (this computer only). To show the demo to others, set HUB_HOST=0.0.0.0: "
                "everyone who can reach this machine can then log in as admin.")
    if demo_mode:
        return where + " -- DEMO MODE ON A NETWORK ADDRESS: everyone who can reach it can log in as admin."
    return where


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve Community Hub (production mode, one port).")
    parser.add_argument("--port", type=int, default=int(os.environ.get("HUB_PORT", "3000")))
    parser.add_argument("--host", default=os.environ.get("HUB_HOST") or None,
                        help="address to listen on (default: 127.0.0.1 in demo mode, 0.0.0.0 otherwise)")
    parser.add_argument("--build-only", action="store_true", help="build the frontend and exit")
    parser.add_argument("--workers", type=int, default=None,
                        help="app worker processes (default HUB_WORKERS; else one per core on PostgreSQL + "
                             "Redis, one otherwise); more than one needs PostgreSQL and REFLEX_REDIS_URL")
    args = parser.parse_args(argv)

    os.chdir(PROJECT_ROOT)
    os.environ["HUB_PORT"] = str(args.port)
    from community_hub.core.config import ConfigError, load_settings

    try:
        cfg = load_settings()  # a missing required setting stops here with a clear message
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    from community_hub import serve_asgi
    from community_hub.serve_workers import WorkersRefused, redis_state_settings, resolve
    from community_hub.service_threads import ServiceThreadsRefused, service_threads

    try:  # before the build: a refused setup says so at once
        workers = 1 if args.build_only else resolve(args.workers, dict(os.environ), cfg.db_url)
        server = serve_asgi.server_choice(dict(os.environ))
        service_threads()
    except (WorkersRefused, serve_asgi.ServerRefused, ServiceThreadsRefused) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

    os.environ.update(redis_state_settings(dict(os.environ)))
    args.host = listen_host(args.host, cfg.demo_mode)
    print(listen_banner(args.host, args.port, cfg.demo_mode), flush=True)

    from reflex import reflex as rx_cli
    from reflex.istate.manager import reset_disk_state_manager
    from reflex_base import constants
    from reflex_base.config import get_config, reload_config
    from reflex_base.environment import environment

    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    config = get_config()
    config._set_persistent(frontend_port=args.port, backend_port=args.port, backend_host=args.host)
    reload_config()
    reset_disk_state_manager()

    built = build_if_needed(args.port)
    print(f"frontend: {'built' if built else 'unchanged, reusing the last build'}", flush=True)
    if args.build_only:
        return
    print(f"workers: {workers} ({server})", flush=True)
    rx_cli._skip_compile()
    serve_asgi.run(server, args.host, args.port, workers, config.loglevel.subprocess_level())


if __name__ == "__main__":
    main()
