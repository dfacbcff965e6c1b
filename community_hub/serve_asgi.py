"""Which ASGI server runs the app, and how: uvicorn by default, Granian when HUB_SERVER=granian.

Why uvicorn with websockets' sans-I/O protocol on uvloop: a connected tab's socket costs what the
server keeps per websocket before the app holds anything. On the bare Socket.IO echo server
(bench/load/echo_server.py, 500 connections, one core) Granian kept 173 KB per connection
(tungstenite reads into a 128 KiB buffer per socket, which no Granian setting reaches) and this
setup 83 KB, at 7,000-9,000 echoes/s against Granian's 7,500-7,700 (docs/PROFILE.md, fifth round),
and 44 KB without per-message compression (seventh round).
Granian stays one setting away for an operator who measured otherwise on their machine.

Both serve the same ASGI app (Reflex's factory, with the compiled frontend mounted) on one port.
"""

from __future__ import annotations

import os
from typing import Any

SERVERS = ("uvicorn", "granian")


class ServerRefused(Exception):
    """HUB_SERVER names no server this app runs under (a sentence to print)."""


def server_choice(env: dict[str, str]) -> str:
    asked = env.get("HUB_SERVER", "").strip().lower() or "uvicorn"
    if asked not in SERVERS:
        raise ServerRefused(f"HUB_SERVER must be one of {', '.join(SERVERS)} (got {asked!r}).")
    return asked


def uvicorn_options(*, host: str, port: int, workers: int, log_level: str) -> dict[str, Any]:
    """The uvicorn settings the app and the load bench's echo server both run with."""
    return {
        "host": host, "port": port, "workers": workers if workers > 1 else None,
        "ws": "websockets-sansio", "loop": "uvloop", "http": "httptools", "lifespan": "on",
        # Engine.IO pings every socket itself (Reflex: every 25 s) and drops the silent ones; a
        # second, websocket-level ping would only double the wake-ups.
        "ws_ping_interval": None,
        # No per-message compression: a tab's deltas are small JSON, and compressing each one cost
        # the worker a zlib stream per socket and CPU on every message (docs/PROFILE.md, seventh round).
        "ws_per_message_deflate": False,
        # The app reads X-Forwarded-Proto itself where it needs it (api/public_site.py), as it did
        # under Granian: the client address stays the peer's, whatever a header claims.
        "proxy_headers": False,
        "server_header": False, "access_log": False, "log_level": log_level,
        "timeout_graceful_shutdown": 10,
    }


def run(server: str, host: str, port: int, workers: int, loglevel) -> None:
    """Serve the Reflex app (compiled frontend mounted) under `server` (`server_choice`) until
    stopped. Blocks. `loglevel` is Reflex's LogLevel (config.loglevel.subprocess_level())."""
    from reflex.utils import exec as rx_exec
    from reflex_base.environment import environment

    environment.REFLEX_MOUNT_FRONTEND_COMPILED_APP.set(True)
    if server == "granian":
        os.environ["GRANIAN_WORKERS"] = str(workers)
        rx_exec.run_granian_backend_prod(host, port, loglevel)
        return
    import uvicorn

    # The target as Reflex gives it to Granian: "<app module>:app", a factory returning the ASGI app.
    # Several workers are spawned processes, each importing the app (uvicorn's supervisor).
    uvicorn.run(rx_exec.get_app_instance_from_file(), factory=True,
                **uvicorn_options(host=host, port=port, workers=workers, log_level=loglevel.value))
