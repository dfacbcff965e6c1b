"""The app's ASGI server: uvicorn unless HUB_SERVER says Granian; anything else is refused before
anything is built, with the choices named."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from community_hub.core.config import PROJECT_ROOT
from community_hub.serve_asgi import ServerRefused, server_choice, uvicorn_options


def test_uvicorn_unless_granian_is_asked_for():
    assert server_choice({}) == "uvicorn"
    assert server_choice({"HUB_SERVER": " Granian "}) == "granian"
    with pytest.raises(ServerRefused, match="one of uvicorn, granian"):
        server_choice({"HUB_SERVER": "gunicorn"})


def test_the_websocket_protocol_is_the_one_measured_for_memory_and_one_worker_runs_in_process():
    options = uvicorn_options(host="127.0.0.1", port=3000, workers=1, log_level="warning")
    assert options["ws"] == "websockets-sansio"  # 83 KB per tab on the echo server; Granian 173
    assert options["workers"] is None  # no supervisor process for one worker
    assert options["proxy_headers"] is False  # a header does not change who the peer is
    assert uvicorn_options(host="0.0.0.0", port=3000, workers=3, log_level="info")["workers"] == 3


def test_an_unknown_server_is_refused_before_building(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFLEX_", "GRANIAN_", "HUB_"))}
    env.update({"HUB_DEMO_MODE": "1", "REFLEX_DB_URL": f"sqlite:///{tmp_path}/hub.db", "HUB_SERVER": "apache"})
    done = subprocess.run([sys.executable, "-m", "community_hub.serve", "--port", "3998"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "HUB_SERVER must be one of uvicorn, granian (got 'apache')" in done.stderr
    assert "frontend" not in done.stdout


def test_a_tabs_socket_is_not_compressed_even_when_the_browser_offers_it():
    """Per-message deflate kept a zlib stream per socket (86 -> 44 KB per connection without it on
    the echo server) and compressed every small delta (docs/PROFILE.md, seventh round)."""
    import asyncio
    import socket
    import threading

    import uvicorn
    from websockets.asyncio.client import connect

    async def app(scope, receive, send):
        if scope["type"] == "websocket":
            await receive()
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.send", "text": "x" * 2000})
            await receive()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = uvicorn_options(host="127.0.0.1", port=port, workers=1, log_level="warning")
    options.update(lifespan="off", loop="asyncio")  # served from a test thread: no loop policy change
    server = uvicorn.Server(uvicorn.Config(app, **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    async def talk():
        for _ in range(100):
            if server.started:
                break
            await asyncio.sleep(0.05)
        async with connect(f"ws://127.0.0.1:{port}/") as ws:  # offers permessage-deflate, as Chromium does
            assert ws.request.headers["Sec-WebSocket-Extensions"].startswith("permessage-deflate")
            assert await ws.recv() == "x" * 2000
            return ws.response.headers.get("Sec-WebSocket-Extensions"), list(ws.protocol.extensions)

    try:
        header, extensions = asyncio.run(talk())
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert header is None and extensions == []
