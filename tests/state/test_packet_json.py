"""The socket's packets are written and read by orjson (state/packet_json.py): the same text Reflex's
own encoder writes for every kind of value a delta carries, Reflex's functions for what orjson
would write differently or refuses, and the app's socket server uses them."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import inspect
import json
import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import socketio.packet

import community_hub.app as hub
from state import packet_json

# sha256 of reflex 0.10.1's `_sio_dumps` and `_sio_loads`, which packet_json replaces. Another
# version changes them: read the new code, carry its changes over, update these.
REFLEX_DUMPS = "49e04d4b49528cc714eacf53628b5ae36203f47fa731b8bc31287595d694ceb8"
REFLEX_LOADS = "2513d3970c45e37cae90bc2012a5c76d3b38236e5897071a684946e374a5fd57"
COMPACT = {"separators": (",", ":")}  # as Socket.IO's Packet.encode asks


class Step(enum.StrEnum):
    PLACED = "placed"


class Size(enum.Enum):
    LARGE = 3


@dataclasses.dataclass
class Line:
    name: str
    at: datetime


def _delta(value) -> list:
    return ["event", {"delta": {"reflex___state____state.some_state": {"value_rx_state_": value}}, "events": []}]


def test_the_replaced_reflex_functions_are_the_ones_this_was_written_against():
    assert hashlib.sha256(inspect.getsource(packet_json.REFLEX_DUMPS).encode()).hexdigest() == REFLEX_DUMPS
    assert hashlib.sha256(inspect.getsource(packet_json.REFLEX_LOADS).encode()).hexdigest() == REFLEX_LOADS


def test_the_apps_socket_server_writes_and_reads_its_packets_with_them():
    assert hub.app is not None
    codec = socketio.packet.Packet.json  # Reflex hands Socket.IO static methods
    assert getattr(codec.dumps, "__func__", codec.dumps) is packet_json.dumps
    assert getattr(codec.loads, "__func__", codec.loads) is packet_json.loads


def test_every_kind_of_value_a_page_shows_is_written_as_reflex_writes_it():
    at = datetime(2026, 12, 6, 5, 30, 15, 123456, tzinfo=UTC)
    values = [
        "Fresh milk 新鲜牛奶 — “quoted” \\ / \n\t", 0, -7, 2**63 - 1, 3.25, 1e16, 0.1, True, False, None,
        [], {}, [1, "a", None, [2.5]], {"a": {"b": [1, {"c": "d"}]}}, {1: "one", 2: "two"}, (1, 2),
        at, at.replace(tzinfo=None), date(2026, 12, 6), timedelta(minutes=90), Decimal("12.30"),
        Step.PLACED, Size.LARGE, Line("sourdough", at), {"rows": [{"id": "1", "title": "Water off 9-12"}] * 20},
    ]
    for value in values:
        packet = _delta(value)
        ours = packet_json.dumps(packet, **COMPACT)
        assert ours == packet_json.REFLEX_DUMPS(packet, **COMPACT), value
        assert packet_json.loads(ours) == json.loads(ours)


def test_what_orjson_refuses_is_written_and_read_by_reflex_instead():
    for value in (2**70, "lone \ud800 surrogate"):
        packet = _delta(value)
        assert packet_json.dumps(packet, **COMPACT) == packet_json.REFLEX_DUMPS(packet, **COMPACT)
    assert math.isnan(packet_json.loads('{"x": NaN}')["x"])
    for other in ({"separators": (", ", ": ")}, {}):  # any other options, or none: Reflex's own, untouched
        assert packet_json.dumps(_delta([1, 2]), **other) == packet_json.REFLEX_DUMPS(_delta([1, 2]), **other)


def test_a_number_that_is_not_one_reaches_the_browser_as_null_not_as_text_it_cannot_parse():
    """Reflex's encoder writes NaN and Infinity, which the browser's JSON.parse refuses: the whole
    packet (every change of that event) was lost. orjson writes null."""
    for value in (math.nan, math.inf, -math.inf):
        assert "NaN" in packet_json.REFLEX_DUMPS(_delta(value), **COMPACT) or \
            "Infinity" in packet_json.REFLEX_DUMPS(_delta(value), **COMPACT)
        assert json.loads(packet_json.dumps(_delta(value), **COMPACT))[1]["delta"] == \
            {"reflex___state____state.some_state": {"value_rx_state_": None}}
