"""Simulated payment terminal state machine, through the bridge so results are signed."""

import time

import pytest

from hardware_bridge.bridge import Bridge
from hardware_bridge.devices.base import ActionError
from hardware_bridge.devices.terminal import SimulatedTerminal
from hardware_bridge.signing import verify

from .conftest import SECRET, Recorder

PAYMENT = {"payment_id": "pay_123", "amount": 1250, "currency": "EUR"}


@pytest.fixture
def terminal_bridge():
    bridge = Bridge(kiosk_id="lobby-1", secret=SECRET)
    rec = Recorder()
    bridge.stream.subscribe(rec.record)
    bridge.add(SimulatedTerminal("sim_terminal", bridge.publish, timeout_s=0.3))
    bridge.start()
    yield bridge, rec
    bridge.stop()


def states(rec):
    return [m["data"]["state"] for m in rec.of_type("terminal.status")]


def test_approve(terminal_bridge):
    bridge, rec = terminal_bridge
    bridge.dispatch("terminal.start", PAYMENT)
    bridge.dispatch("terminal.present_card", {"card": "4242 4242 4242 4242"})
    assert states(rec) == ["waiting_for_card", "approved"]
    waiting, approved = rec.of_type("terminal.status")
    assert "sig" not in waiting["data"]
    body = verify(SECRET, approved["data"], now=time.time(), seen_nonces={})
    assert body["payment_id"] == "pay_123" and body["amount"] == 1250 and body["currency"] == "eur"
    assert body["card_last4"] == "4242" and body["kiosk_id"] == "lobby-1"
    assert "4242424242424242" not in str(approved)  # never the full number
    assert bridge.devices["sim_terminal"].state == "approved"


def test_decline(terminal_bridge):
    bridge, rec = terminal_bridge
    bridge.dispatch("terminal.start", PAYMENT)
    bridge.dispatch("terminal.present_card", {"card": "4000000000000002", "payment_id": "pay_123"})
    declined = rec.of_type("terminal.status")[-1]
    assert declined["data"]["state"] == "declined"
    assert declined["data"]["decline_code"] == "generic_decline"
    verify(SECRET, declined["data"], now=time.time(), seen_nonces={})


def test_cancel_then_a_new_payment_can_start(terminal_bridge):
    bridge, rec = terminal_bridge
    bridge.dispatch("terminal.start", PAYMENT)
    bridge.dispatch("terminal.cancel", {})
    bridge.dispatch("terminal.start", {**PAYMENT, "payment_id": "pay_124"})
    assert states(rec) == ["waiting_for_card", "cancelled", "waiting_for_card"]
    assert "sig" not in rec.of_type("terminal.status")[1]["data"]


def test_timeout(terminal_bridge):
    bridge, rec = terminal_bridge
    bridge.dispatch("terminal.start", PAYMENT)
    msg = rec.wait_for(lambda m: m["type"] == "terminal.status" and m["data"]["state"] == "timeout",
                       timeout=3)
    assert msg["data"]["payment_id"] == "pay_123"
    with pytest.raises(ActionError) as info:  # too late for a card now
        bridge.dispatch("terminal.present_card", {"card": "4242424242424242"})
    assert info.value.code == "not_waiting"


def test_a_finished_payment_does_not_time_out_later(terminal_bridge):
    bridge, rec = terminal_bridge
    bridge.dispatch("terminal.start", PAYMENT)
    bridge.dispatch("terminal.present_card", {"card": "4242424242424242"})
    time.sleep(0.45)
    assert states(rec) == ["waiting_for_card", "approved"]


@pytest.mark.parametrize("action, args, code", [
    ("terminal.present_card", {"card": "4242424242424242"}, "not_waiting"),
    ("terminal.cancel", {}, "not_waiting"),
    ("terminal.start", {**PAYMENT, "amount": 12.5}, "bad_request"),
    ("terminal.start", {**PAYMENT, "amount": -1}, "bad_request"),
    ("terminal.start", {**PAYMENT, "currency": "euro"}, "bad_request"),
    ("terminal.start", {"amount": 100, "currency": "eur"}, "bad_request"),
])
def test_refused_actions_when_idle(terminal_bridge, action, args, code):
    bridge, rec = terminal_bridge
    with pytest.raises(ActionError) as info:
        bridge.dispatch(action, args)
    assert info.value.code == code
    assert states(rec) == []


def test_busy_terminal_refuses_a_second_payment_and_wrong_payment_id(terminal_bridge):
    bridge, rec = terminal_bridge
    bridge.dispatch("terminal.start", PAYMENT)
    with pytest.raises(ActionError) as info:
        bridge.dispatch("terminal.start", {**PAYMENT, "payment_id": "pay_999"})
    assert info.value.code == "busy"
    with pytest.raises(ActionError) as info:
        bridge.dispatch("terminal.present_card", {"card": "4242424242424242", "payment_id": "pay_999"})
    assert info.value.code == "wrong_payment"
    assert states(rec) == ["waiting_for_card"]
