"""What the kiosk does when the bridge's answer about a card payment is not the plain "approved":
the rules that keep a lobby payment from being lost or doubled. The screen (state/kiosk) only
carries out the decision.

The one principle: when in doubt, ask the payment provider (`settle`), never guess from a message.
A message that may be forged or replayed changes nothing (`wait` for the real terminal).
"""

from __future__ import annotations

from enum import StrEnum


class Move(StrEnum):
    APPROVE = "approve"  # the terminal's signed answer: let the service check and record it
    SETTLE = "settle"  # ask the provider how the payment ended, and finish on that
    WAIT = "wait"  # keep waiting for the terminal; nothing changes
    UNREADABLE = "unreadable"  # a frame the bridge could not read: tell the customer to try again


def on_terminal_status(state: str | None) -> Move:
    """terminal.status for the payment under way."""
    if state in ("approved", "declined"):
        return Move.APPROVE
    if state in ("cancelled", "timeout"):
        return Move.SETTLE
    return Move.WAIT  # still "waiting", "processing"...


def after_refused_answer(code: str) -> Move:
    """The service refused the terminal's answer. A genuine but old one (relayed late): the provider
    decides. A forged or replayed one: keep waiting for the real terminal."""
    return Move.SETTLE if code == "sig_stale" else Move.WAIT


def on_bridge_hello(paying: bool, terminal_payment_id: str | None, our_payment_id: str) -> Move:
    """The bridge (re)connected and listed its terminal: if it is not on our payment any more, it
    restarted or forgot mid-payment."""
    if paying and terminal_payment_id != our_payment_id:
        return Move.SETTLE
    return Move.WAIT


def on_bridge_error(code: str | None, seq: int | None, paying: bool) -> Move:
    if code == "bad_frame":
        return Move.UNREADABLE
    if seq == 0 and paying and code not in ("not_waiting", "wrong_payment"):
        # The terminal refused our own action (busy, disconnected, ...): nothing started.
        return Move.SETTLE
    return Move.WAIT
