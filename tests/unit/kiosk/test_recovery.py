"""The kiosk's payment recovery rules: when in doubt ask the provider, never trust a message that
could be forged or replayed."""

from __future__ import annotations

import pytest

from community_hub.kiosk.recovery import (
    Move,
    after_refused_answer,
    on_bridge_error,
    on_bridge_hello,
    on_terminal_status,
)


@pytest.mark.parametrize(("state", "move"), [("approved", Move.APPROVE), ("declined", Move.APPROVE),
                                             ("cancelled", Move.SETTLE), ("timeout", Move.SETTLE),
                                             ("waiting", Move.WAIT), (None, Move.WAIT)])
def test_terminal_status(state, move):
    assert on_terminal_status(state) == move


def test_only_a_late_genuine_answer_asks_the_provider():
    assert after_refused_answer("sig_stale") == Move.SETTLE
    assert after_refused_answer("bad_signature") == Move.WAIT  # forged: changes nothing
    assert after_refused_answer("replayed") == Move.WAIT


def test_a_bridge_that_forgot_our_payment_sends_us_to_the_provider():
    assert on_bridge_hello(True, None, "kp_1") == Move.SETTLE
    assert on_bridge_hello(True, "kp_2", "kp_1") == Move.SETTLE
    assert on_bridge_hello(True, "kp_1", "kp_1") == Move.WAIT
    assert on_bridge_hello(False, None, "") == Move.WAIT


@pytest.mark.parametrize(("code", "seq", "paying", "move"), [
    ("bad_frame", 3, False, Move.UNREADABLE),
    ("busy", 0, True, Move.SETTLE),  # our terminal.start was refused: nothing started
    ("not_waiting", 0, True, Move.WAIT),
    ("busy", 5, True, Move.WAIT),  # not an answer to our action
    ("busy", 0, False, Move.WAIT),
])
def test_bridge_errors(code, seq, paying, move):
    assert on_bridge_error(code, seq, paying) == move
