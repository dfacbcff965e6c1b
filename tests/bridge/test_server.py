"""The real websocket server on a free port, driven by a real websockets client."""

import asyncio
import contextlib
import json
import time
import uuid
from urllib.parse import urlencode

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from hardware_bridge.bridge import Bridge
from hardware_bridge.devices.serial_reader import SerialReader
from hardware_bridge.devices.simulated import SimulatedCardReader, SimulatedScanner
from hardware_bridge.devices.terminal import SimulatedTerminal
from hardware_bridge.server import BridgeServer
from hardware_bridge.signing import verify

from .conftest import ORIGIN, SECRET, TOKEN, FakeSerialPort


def sim_bridge(replay_size=200):
    bridge = Bridge(kiosk_id="lobby-1", secret=SECRET, replay_size=replay_size)
    bridge.add(SimulatedScanner("sim_scanner", bridge.publish))
    bridge.add(SimulatedCardReader("sim_card_reader", bridge.publish))
    bridge.add(SimulatedTerminal("sim_terminal", bridge.publish, timeout_s=5))
    return bridge


@contextlib.asynccontextmanager
async def running(bridge=None, ping_interval=20.0):
    bridge = bridge or sim_bridge()
    server = BridgeServer(bridge, token=TOKEN, origins=[ORIGIN], port=0, ping_interval=ping_interval)
    await server.start()
    bridge.start()
    try:
        yield server
    finally:
        bridge.stop()
        await server.stop()


def ws_url(server, token=TOKEN, **params):
    query = {"token": token, **params} if token is not None else params
    return f"{server.url}?{urlencode(query)}"


async def recv(ws, timeout=5.0) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def recv_until(ws, predicate, timeout=5.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        msg = await recv(ws, max(0.01, deadline - time.monotonic()))
        if predicate(msg):
            return msg


async def action(ws, name, device=None, **args) -> str:
    ref = str(uuid.uuid4())
    await ws.send(json.dumps({"v": 1, "id": ref, "type": "action", "device": device,
                              "data": {"action": name, **args}}))
    return ref


async def scan(ws, code) -> dict:
    """Send a simulated scan and return the broadcast `scan` message."""
    await action(ws, "scanner.scan", code=code)
    return await recv_until(ws, lambda m: m["type"] == "scan" and m["data"]["code"] == code)


def talk(steps, bridge=None, ping_interval=20.0):
    """Runs `await steps(ws)` with one client connected to a running bridge (the simulated devices
    unless `bridge` is given), after its hello; returns what `steps` returns."""
    async def scenario():
        async with running(bridge, ping_interval) as server:
            async with connect(ws_url(server), origin=ORIGIN) as ws:
                await recv(ws)  # the hello
                return await steps(ws)
    return asyncio.run(scenario())


def rejected_status(coro_factory) -> int:
    async def attempt():
        with pytest.raises(InvalidStatus) as info:
            async with coro_factory():
                pass
        return info.value.response.status_code
    return attempt()


def test_handshake_checks_token_origin_since_and_path():
    async def scenario():
        async with running() as server:
            statuses = {
                "wrong token": await rejected_status(lambda: connect(ws_url(server, "nope"), origin=ORIGIN)),
                "no token": await rejected_status(lambda: connect(ws_url(server, None), origin=ORIGIN)),
                "bad origin": await rejected_status(
                    lambda: connect(ws_url(server), origin="https://evil.example")),
                "no origin": await rejected_status(lambda: connect(ws_url(server))),
                "bad since": await rejected_status(lambda: connect(ws_url(server, since="-1"), origin=ORIGIN)),
                "wrong path": await rejected_status(
                    lambda: connect(server.url + "admin?token=" + TOKEN, origin=ORIGIN)),
            }
            assert statuses == {"wrong token": 401, "no token": 401, "bad origin": 403,
                                "no origin": 403, "bad since": 400, "wrong path": 404}
            async with connect(ws_url(server), origin=ORIGIN) as ws:
                assert (await recv(ws))["type"] == "hello"
    asyncio.run(scenario())


def test_hello_describes_kiosk_devices_and_seq():
    async def scenario():
        async with running() as server:
            async with connect(ws_url(server), origin=ORIGIN) as ws:
                return await recv(ws)
    hello = asyncio.run(scenario())
    assert hello["v"] == 1 and hello["type"] == "hello" and hello["seq"] == 0
    assert uuid.UUID(hello["id"]) and hello["ts"].endswith("Z")
    data = hello["data"]
    assert data["kiosk_id"] == "lobby-1" and data["protocol"] == 1 and data["boot_id"]
    assert data["seq"] >= 3  # the three simulated devices reported `connected`
    assert {(d["id"], d["kind"], d["status"]) for d in data["devices"]} == {
        ("sim_scanner", "scanner", "connected"),
        ("sim_card_reader", "card_reader", "connected"),
        ("sim_terminal", "payment_terminal", "connected"),
    }
    assert data["replay"] == {"since": None, "count": 0, "complete": True}


def test_actions_are_acked_and_results_broadcast_to_every_client():
    async def scenario():
        async with running() as server:
            async with connect(ws_url(server), origin=ORIGIN) as a, connect(ws_url(server), origin=ORIGIN) as b:
                await recv(a), await recv(b)
                ref = await action(a, "scanner.scan", code="PARCEL-1", symbology="code128")
                ack = await recv_until(a, lambda m: m["type"] == "ack")
                assert ack["data"] == {"ref": ref, "action": "scanner.scan"}
                assert ack["device"] == "sim_scanner" and ack["seq"] == 0
                got_a = await recv_until(a, lambda m: m["type"] == "scan")
                got_b = await recv_until(b, lambda m: m["type"] == "scan")
                assert got_a == got_b
                assert got_a["data"] == {"code": "PARCEL-1", "symbology": "code128"}
                second = await scan(a, "PARCEL-2")
                assert second["seq"] == got_a["seq"] + 1
    asyncio.run(scenario())


def test_reconnect_with_since_replays_missed_messages_in_order():
    async def scenario():
        async with running() as server:
            async with connect(ws_url(server), origin=ORIGIN) as other:
                await recv(other)
                async with connect(ws_url(server), origin=ORIGIN) as page:
                    await recv(page)
                    last_seen = (await scan(page, "SEEN"))["seq"]
                # the page is away; two scans happen meanwhile
                missed = [(await scan(other, code))["seq"] for code in ("MISSED-1", "MISSED-2")]
                async with connect(ws_url(server, since=str(last_seen)), origin=ORIGIN) as page:
                    hello = await recv(page)
                    assert hello["data"]["replay"] == {"since": last_seen, "count": 2, "complete": True}
                    replayed = [await recv(page), await recv(page)]
                    assert [m["data"]["code"] for m in replayed] == ["MISSED-1", "MISSED-2"]
                    assert [m["seq"] for m in replayed] == missed
                    live = await scan(other, "LIVE")
                    got = await recv_until(page, lambda m: m["type"] == "scan")
                    assert got == live and got["seq"] == missed[-1] + 1
    asyncio.run(scenario())


def test_replay_reports_a_gap_when_the_buffer_has_moved_on():
    async def scenario():
        async with running(sim_bridge(replay_size=3)) as server:
            async with connect(ws_url(server), origin=ORIGIN) as ws:
                await recv(ws)
                for i in range(5):
                    await scan(ws, f"C{i}")
            async with connect(ws_url(server, since="0"), origin=ORIGIN) as ws:
                hello = await recv(ws)
                assert hello["data"]["replay"]["complete"] is False
                assert [(await recv(ws))["data"]["code"] for _ in range(3)] == ["C2", "C3", "C4"]
            # a since from a previous bridge run (ahead of our seq) is flagged too
            async with connect(ws_url(server, since="999"), origin=ORIGIN) as ws:
                assert (await recv(ws))["data"]["replay"]["complete"] is False
    asyncio.run(scenario())


def test_bad_messages_get_error_replies_and_the_connection_survives():
    async def steps(ws):
        await ws.send("not json")
        assert (await recv(ws))["data"]["code"] == "bad_json"
        await ws.send(json.dumps({"v": 2, "type": "action", "data": {}}))
        assert (await recv(ws))["data"]["code"] == "bad_version"
        await ws.send(json.dumps({"v": 1, "type": "scan", "data": {}}))
        assert (await recv(ws))["data"]["code"] == "unknown_type"
        ref = await action(ws, "scanner.scan", code="\x00\x01")
        err = await recv(ws)
        assert err["type"] == "error" and err["seq"] == 0
        assert err["data"]["ref"] == ref and err["data"]["code"] == "bad_frame"
        ref = await action(ws, "scanner.scan", device="nope", code="X")
        assert (await recv(ws))["data"] == {"code": "unknown_device", "message": "no device 'nope'",
                                           "ref": ref}
        await action(ws, "terminal.present_card", card="4242424242424242")
        assert (await recv(ws))["data"]["code"] == "not_waiting"
        await scan(ws, "STILL-WORKS")
    talk(steps)


def test_simulated_unplug_is_reported_and_blocks_scans():
    async def steps(ws):
        await action(ws, "device.disconnect", device="sim_scanner")
        status = await recv_until(ws, lambda m: m["type"] == "device.status")
        assert status["device"] == "sim_scanner" and status["data"]["status"] == "disconnected"
        await action(ws, "scanner.scan", code="X")
        assert (await recv_until(ws, lambda m: m["type"] == "error"))["data"]["code"] == "device_disconnected"
        await action(ws, "device.connect", device="sim_scanner")
        await recv_until(ws, lambda m: m["type"] == "device.status" and m["data"]["status"] == "connected")
        await scan(ws, "BACK")
    talk(steps)


def test_terminal_payment_over_the_websocket_is_signed():
    async def steps(ws):
        await action(ws, "terminal.start", payment_id="pay_9", amount=500, currency="eur")
        waiting = await recv_until(ws, lambda m: m["type"] == "terminal.status")
        assert waiting["data"]["state"] == "waiting_for_card"
        await action(ws, "terminal.present_card", card="4242424242424242")
        return await recv_until(ws, lambda m: m["type"] == "terminal.status")
    approved = talk(steps)
    # What the web server will do with the relayed message:
    body = verify(SECRET, approved["data"], now=time.time(), seen_nonces={})
    assert body["state"] == "approved" and body["payment_id"] == "pay_9" and body["amount"] == 500


def test_ping_pong_both_ways():
    async def steps(ws):
        await ws.send(json.dumps({"v": 1, "id": "p1", "type": "ping"}))
        pong = await recv_until(ws, lambda m: m["type"] == "pong")
        assert pong["data"] == {"ref": "p1"} and pong["seq"] == 0
        server_ping = await recv_until(ws, lambda m: m["type"] == "ping", timeout=2)
        assert server_ping["seq"] == 0
        await ws.send(json.dumps({"v": 1, "type": "pong"}))
        await scan(ws, "AFTER-PING")
    talk(steps, ping_interval=0.2)


def test_serial_card_reader_end_to_end(tmp_path):
    """pty -> serial driver -> signing -> stream -> websocket -> verify, plus unplug."""
    port = FakeSerialPort(tmp_path / "card")
    bridge = Bridge(kiosk_id="lobby-1", secret=SECRET)
    bridge.add(SerialReader("card_reader", "card_reader", str(port.link), bridge.publish,
                            backoff_initial=0.05, backoff_max=0.2))

    async def scenario():
        async with running(bridge) as server:
            async with connect(ws_url(server), origin=ORIGIN) as ws:
                await recv(ws)
                if bridge.devices["card_reader"].status != "connected":
                    await recv_until(ws, lambda m: m["type"] == "device.status" and m["data"]["status"] == "connected")
                port.write(b"MEMBER-0042\r")
                card = await recv_until(ws, lambda m: m["type"] == "card")
                port.unplug()
                gone = await recv_until(ws, lambda m: m["type"] == "device.status")
                return card, gone

    try:
        card, gone = asyncio.run(scenario())
    finally:
        port.unplug()
    assert card["device"] == "card_reader"
    assert verify(SECRET, card["data"], now=time.time(), seen_nonces={}) == {
        "card": "MEMBER-0042", "kiosk_id": "lobby-1"}
    assert gone["data"]["status"] == "disconnected"
