"""The ceiling: a bare Socket.IO server configured as Reflex configures its own (ASGI under Granian,
one worker, websocket transport only, no upgrades, handlers inline, Reflex's JSON codec) that
answers every "event" with one update. Whatever the app reaches is a fraction of this.

    python -m bench.load.echo_server --port 4001
"""

from __future__ import annotations

import argparse
from types import SimpleNamespace

import socketio

# Reflex's own codec for the socket's packets, so the echo pays what the app pays per packet.
from reflex.app import _sio_dumps, _sio_loads

sio = socketio.AsyncServer(
    async_mode="asgi", cors_allowed_origins="*", allow_upgrades=False, transports=["websocket"],
    json=SimpleNamespace(dumps=staticmethod(_sio_dumps), loads=staticmethod(_sio_loads)),
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
    from granian.constants import Interfaces
    from granian.server import Server

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    Server(target="bench.load.echo_server:app", address="127.0.0.1", port=args.port,
           interface=Interfaces.ASGI, workers=1).serve()


if __name__ == "__main__":
    main()
