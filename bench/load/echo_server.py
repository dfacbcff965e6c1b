"""The ceiling: a bare Socket.IO server configured as Reflex configures its own (websocket transport
only, no upgrades, handlers inline, the app's JSON codec), served as the app is served (the same ASGI
server and settings, community_hub/serve_asgi.py; HUB_SERVER=granian for Granian), one worker, that
answers every "event" with one update. Whatever the app reaches is a fraction of this.

    python -m bench.load.echo_server --port 4001
"""

from __future__ import annotations

import argparse
from types import SimpleNamespace

import socketio

# The app's codec for the socket's packets (Reflex's, written by orjson: state/packet_json.py), so
# the echo pays what the app pays per packet.
from state.packet_json import dumps, loads

sio = socketio.AsyncServer(
    async_mode="asgi", cors_allowed_origins="*", allow_upgrades=False, transports=["websocket"],
    json=SimpleNamespace(dumps=staticmethod(dumps), loads=staticmethod(loads)),
    async_handlers=False,
)
_socket_app = socketio.ASGIApp(sio, socketio_path="_event")


@sio.on("event", namespace="/_event")
async def _echo(sid, data):
    name = data.get("name", "") if isinstance(data, dict) else ""
    await sio.emit("event", {"delta": {"echo": {"name": name, "busy_rx_state_": False}}, "events": []}, to=sid,
                   namespace="/_event")


async def app(scope, receive, send):
    if scope["type"] == "http" and scope.get("path") == "/ping":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"pong"})
        return
    await _socket_app(scope, receive, send)


def main() -> None:
    import os

    from community_hub.serve_asgi import server_choice, uvicorn_options

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    if server_choice(dict(os.environ)) == "granian":
        from granian.constants import Interfaces
        from granian.server import Server

        Server(target="bench.load.echo_server:app", address="127.0.0.1", port=args.port,
               interface=Interfaces.ASGI, workers=1).serve()
        return
    import uvicorn

    options = uvicorn_options(host="127.0.0.1", port=args.port, workers=1, log_level="warning")
    uvicorn.run("bench.load.echo_server:app", **{**options, "lifespan": "off"})


if __name__ == "__main__":
    main()
