"""Socket.IO over a websocket, spoken the way the browser's socket.io-client speaks it to Reflex.

A lean client on `websockets` instead of python-socketio's AsyncClient: the packets on the wire are
the same (Engine.IO v4, websocket transport only, as Reflex configures it), but the generator spends
a fraction of the CPU per event, so the echo ceiling measures the server and not this client.

  GET /_event/?EIO=4&transport=websocket&token=<tab token>   (subprotocol: the Reflex version)
  <- 0{"sid":...,"pingInterval":...}      Engine.IO open
  -> 40/_event,{"event": <hydrate>, "state_schema": ...}   Socket.IO CONNECT to the namespace
                                          "/_event" (socket.io-client takes it from the URL's path);
                                          the hydrate rides in it
  <- 40/_event,{"sid":...}                connected (44/_event,{...}: refused)
  -> 42/_event,["event", {...}]           an event, as `socket.emit("event", ...)` sends it
  <- 42/_event,["event", {"delta":...,"events":[...]}]   state updates
  <- 2 / -> 3                             the server's ping and our pong
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

Update = dict[str, Any]
NAMESPACE = "/_event"  # Reflex's event namespace (config.get_event_namespace())
_NS = NAMESPACE + ","


class SocketRefused(Exception):
    """The server refused the Socket.IO CONNECT (44 packet) or closed before it."""


class Wire:
    """One Socket.IO connection; `on_update` sees every ["event", update] the server sends."""

    def __init__(self, on_update: Callable[[Update], None]):
        self.on_update = on_update
        self.ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self.closed = asyncio.Event()

    async def open(self, url: str, *, token: str, auth: dict | None, cookie: str = "",
                   subprotocol: str | None = None, timeout: float = 30) -> None:
        headers = {"Cookie": cookie} if cookie else {}
        self.ws = await asyncio.wait_for(connect(
            f"{url}/?EIO=4&transport=websocket&token={token}",
            subprotocols=[subprotocol] if subprotocol else None,
            additional_headers=headers, max_size=None, open_timeout=timeout, ping_interval=None,
        ), timeout)
        opened = await asyncio.wait_for(self.ws.recv(), timeout)
        if not str(opened).startswith("0"):
            raise SocketRefused(f"no Engine.IO open packet: {str(opened)[:80]}")
        await self.ws.send("40" + _NS + (json.dumps(auth, separators=(",", ":")) if auth else ""))
        while True:
            packet = await asyncio.wait_for(self.ws.recv(), timeout)
            if packet.startswith("40" + _NS):
                break
            if packet.startswith("44" + _NS):
                raise SocketRefused(packet[2:200])
            self._handle(packet)  # an update may come before the acknowledgement
        self._reader = asyncio.create_task(self._read())

    async def emit(self, event: dict) -> None:
        await self.ws.send("42" + _NS + '["event",' + json.dumps(event, separators=(",", ":")) + "]")

    def _handle(self, packet: str) -> None:
        if packet == "2":
            asyncio.ensure_future(self._pong())
        elif packet.startswith("42" + _NS):
            name, *args = json.loads(packet[2 + len(_NS):])
            if name == "event" and args:
                self.on_update(args[0])

    async def _pong(self) -> None:
        try:
            await self.ws.send("3")
        except Exception:  # noqa: BLE001 - the socket closed meanwhile: nothing to answer
            pass

    async def _read(self) -> None:
        try:
            async for packet in self.ws:
                self._handle(packet)
        except Exception:  # noqa: BLE001 - a dropped socket is counted by the caller, not raised here
            pass
        finally:
            self.closed.set()

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await self.ws.send("41" + _NS)  # Socket.IO DISCONNECT, as socket.disconnect() sends
            except Exception:  # noqa: BLE001 - already gone
                pass
            await self.ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
