"""Websocket server between the bridge stream and the kiosk page(s).

Security model: the bridge listens on loopback only, so only software on the kiosk reaches
it. The Origin allow-list stops other web sites open in the kiosk browser from connecting
(cross-site websocket hijacking); the pairing token (a query parameter, because browsers
cannot set headers on a websocket) stops other local programs and pages that merely guess
the port. Results that count (card reads, terminal approvals) are additionally signed.

Each connection gets its own outgoing queue drained by one writer task: hello, then the
replay, then live messages, in that order and without gaps or duplicates.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from . import protocol
from .bridge import Bridge
from .config import loopback_host, normalize_origin
from .devices.base import ActionError

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 64 * 1024  # page messages are small actions
LIVE_QUEUE_MARGIN = 1000  # queued live messages per page before it counts as stuck


@dataclass(eq=False)
class _Client:
    conn: ServerConnection
    queue: asyncio.Queue
    last_seq: int = 0  # highest stream seq queued; filters duplicates after the replay
    closing: bool = False
    tasks: list = field(default_factory=list)

    def put(self, text: str) -> None:
        if self.closing:
            return
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            # A page that cannot keep up is dropped; it reconnects with ?since= and the
            # replay buffer fills the gap. Better than unbounded memory on the kiosk.
            self.closing = True
            log.warning("client too slow, closing")
            # Keep a reference: the loop holds tasks only weakly.
            self.tasks.append(asyncio.get_running_loop().create_task(self.conn.close(1013, "client too slow")))


class BridgeServer:
    def __init__(self, bridge: Bridge, *, token: str, origins: tuple[str, ...] | list[str],
                 host: str = "127.0.0.1", port: int = 8765, ping_interval: float = 20.0):
        self.bridge = bridge
        self.host = loopback_host(host)  # checked again here: never bind beyond loopback
        self.port = port
        self._token = token.encode("utf-8")
        self._origins = frozenset(normalize_origin(o) for o in origins)
        self.ping_interval = ping_interval
        self._clients: set[_Client] = set()
        self._server: Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ws://{host}:{self.port}/"

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.bridge.stream.subscribe(self._on_stream)
        self._server = await serve(
            self._handle,
            self.host,
            self.port,
            process_request=self._check_request,
            max_size=MAX_MESSAGE_BYTES,
            # Protocol-level pings drop dead connections; the JSON ping/pong below lets
            # the page (which cannot see protocol pings) notice a dead bridge.
            ping_interval=self.ping_interval,
            ping_timeout=self.ping_interval,
        )
        self.port = self._server.sockets[0].getsockname()[1]  # the real port when port=0

    async def stop(self) -> None:
        self.bridge.stream.unsubscribe(self._on_stream)
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def serve_forever(self) -> None:
        assert self._server is not None
        await self._server.serve_forever()

    # -- handshake -------------------------------------------------------------------

    def _check_request(self, connection: ServerConnection, request: Request) -> Response | None:
        url = urlsplit(request.path)
        if url.path not in ("", "/"):
            return connection.respond(HTTPStatus.NOT_FOUND, "Not found\n")
        origins = request.headers.get_all("Origin")
        if len(origins) != 1 or normalize_origin(origins[0]) not in self._origins:
            return connection.respond(HTTPStatus.FORBIDDEN, "Origin not allowed\n")
        params = parse_qs(url.query)
        tokens = params.get("token", [])
        token = tokens[0].encode("utf-8") if len(tokens) == 1 else b""
        # compare_digest: the time taken must not reveal how much of the token matched.
        if not hmac.compare_digest(token, self._token):
            return connection.respond(HTTPStatus.UNAUTHORIZED, "Missing or wrong pairing token\n")
        if _since(url.query) is False:
            return connection.respond(HTTPStatus.BAD_REQUEST, "since must be a non-negative integer\n")
        return None

    # -- connection ------------------------------------------------------------------

    async def _handle(self, conn: ServerConnection) -> None:
        since = _since(urlsplit(conn.request.path).query)
        client = _Client(conn, asyncio.Queue(self.bridge.stream.size + LIVE_QUEUE_MARGIN))
        # No await from here to registration: the event loop cannot deliver a live message
        # in between, and any message both in the snapshot and still on its way to
        # _fanout is filtered by last_seq.
        replay, current, complete = self.bridge.stream.snapshot(since)
        client.put(self._direct(protocol.HELLO, {
            "protocol": protocol.VERSION,
            "kiosk_id": self.bridge.kiosk_id,
            "boot_id": self.bridge.boot_id,
            "seq": current,
            "devices": self.bridge.describe_devices(),
            "replay": {"since": since, "count": len(replay), "complete": complete},
            "ping_interval": self.ping_interval,
        }))
        for message in replay:
            client.put(protocol.encode(message))
        client.last_seq = current
        self._clients.add(client)
        client.tasks += [asyncio.create_task(self._writer(client)), asyncio.create_task(self._pinger(client))]
        try:
            async for raw in conn:
                self._receive(client, raw)
        except ConnectionClosed:
            pass
        finally:
            self._clients.discard(client)
            for task in client.tasks:
                task.cancel()

    async def _writer(self, client: _Client) -> None:
        try:
            while True:
                await client.conn.send(await client.queue.get())
        except ConnectionClosed:
            pass

    async def _pinger(self, client: _Client) -> None:
        while True:
            await asyncio.sleep(self.ping_interval)
            client.put(self._direct(protocol.PING, {}))

    def _receive(self, client: _Client, raw: str | bytes) -> None:
        ref = None
        try:
            msg = protocol.parse_client_message(raw)
            ref = msg.get("id")
            if msg["type"] == protocol.PING:
                client.put(self._direct(protocol.PONG, {"ref": ref}))
            elif msg["type"] == protocol.ACTION:
                data = msg["data"]
                action = data.get("action")
                args = {k: v for k, v in data.items() if k != "action"}
                device = self.bridge.dispatch(action, args, msg.get("device"))
                client.put(self._direct(protocol.ACK, {"ref": ref, "action": action}, device.id))
            # pong: nothing to do, receiving it already proved the page is alive
        except (protocol.ProtocolError, ActionError) as err:
            client.put(self._direct(protocol.ERROR, {"code": err.code, "message": str(err), "ref": ref}))
        except Exception as exc:  # a driver bug must not take the connection down
            log.exception("action failed")
            client.put(self._direct(protocol.ERROR, {"code": "internal", "message": str(exc), "ref": ref}))

    @staticmethod
    def _direct(type_: str, data: dict, device: str | None = None) -> str:
        return protocol.encode(protocol.envelope(type_, data, device=device))

    # -- stream -> clients -----------------------------------------------------------

    def _on_stream(self, message: dict) -> None:
        # Runs in whichever thread published (a driver thread); hand over to the loop.
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._fanout, message)
        except RuntimeError:  # loop closed between the check and the call (shutdown)
            pass

    def _fanout(self, message: dict) -> None:
        text = None
        for client in list(self._clients):
            if message["seq"] <= client.last_seq:
                continue
            client.last_seq = message["seq"]
            text = text or protocol.encode(message)
            client.put(text)


def _since(query: str) -> int | None | bool:
    """The `since` query parameter: None when absent, False when malformed."""
    values = parse_qs(query).get("since")
    if not values:
        return None
    if len(values) != 1 or not values[0].isascii() or not values[0].isdigit():
        return False
    return int(values[0])
