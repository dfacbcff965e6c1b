"""Simulated payment terminal: the state machine a real (e.g. Stripe Terminal) reader follows.

    idle --terminal.start--> waiting_for_card --present_card--> approved | declined
                                      |--terminal.cancel--> cancelled
                                      '--no card in time--> timeout

Final states rest until the next terminal.start. Test cards follow Stripe's:
4242424242424242 approves, 4000000000000002 declines; any other well-formed number declines
with `unknown_test_card`. Only the last four digits ever leave the terminal.
Approved/declined results are signed by the bridge (see signing.py) before they go out.
"""

from __future__ import annotations

import re
import secrets
import threading

from .base import ActionError, Device, Publish

IDLE = "idle"
WAITING = "waiting_for_card"
APPROVED = "approved"
DECLINED = "declined"
CANCELLED = "cancelled"
TIMEOUT = "timeout"
FINAL_STATES = (APPROVED, DECLINED, CANCELLED, TIMEOUT)

APPROVE_CARD = "4242424242424242"
DECLINE_CARD = "4000000000000002"

_CURRENCY_RE = re.compile(r"^[a-z]{3}$")
_CARD_RE = re.compile(r"^[0-9]{12,19}$")
MAX_AMOUNT = 10**12  # minor units; keeps amounts exact in JavaScript too


class SimulatedTerminal(Device):
    kind = "payment_terminal"
    simulated = True
    actions = frozenset({"terminal.start", "terminal.present_card", "terminal.cancel"})

    def __init__(self, device_id: str, publish: Publish, *, timeout_s: float = 60.0):
        super().__init__(device_id, publish)
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self.state = IDLE
        self._payment: dict | None = None  # payment_id, amount, currency of the current/last run
        self._timer: threading.Timer | None = None
        self._run = 0  # bumps on every start, so a late timer for an old payment does nothing

    def describe(self) -> dict:
        with self._lock:
            extra = {"state": self.state, "payment_id": (self._payment or {}).get("payment_id")}
        return {**super().describe(), **extra}

    def stop(self) -> None:
        with self._lock:
            self._cancel_timer()

    def handle_action(self, action: str, args: dict) -> None:
        if action == "terminal.start":
            self._start(args)
        elif action == "terminal.present_card":
            self._present_card(args)
        elif action == "terminal.cancel":
            self._cancel(args)
        else:
            super().handle_action(action, args)

    def _start(self, args: dict) -> None:
        payment_id, amount, currency = args.get("payment_id"), args.get("amount"), args.get("currency")
        if not isinstance(payment_id, str) or not 0 < len(payment_id) <= 128:
            raise ActionError("bad_request", "payment_id must be a non-empty string (max 128)")
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
            raise ActionError("bad_request", "amount must be a positive integer in minor units")
        if not isinstance(currency, str) or not _CURRENCY_RE.match(currency.lower()):
            raise ActionError("bad_request", "currency must be a 3-letter ISO code")
        with self._lock:
            if self.state == WAITING:
                # Never silently replace a payment in flight; the page must cancel it first.
                raise ActionError("busy", f"terminal is waiting for payment {self._payment['payment_id']}")
            self._payment = {"payment_id": payment_id, "amount": amount, "currency": currency.lower()}
            self._run += 1
            self._timer = threading.Timer(self.timeout_s, self._on_timeout, args=(self._run,))
            self._timer.daemon = True
            self._timer.start()
            self._set_state(WAITING)

    def _present_card(self, args: dict) -> None:
        card = args.get("card")
        card = card.replace(" ", "").replace("-", "") if isinstance(card, str) else ""
        if not _CARD_RE.match(card):
            raise ActionError("bad_request", "card must be 12-19 digits")
        with self._lock:
            self._require_waiting(args)
            self._cancel_timer()
            if card == APPROVE_CARD:
                self._set_state(APPROVED, card_last4=card[-4:], auth_code=secrets.token_hex(3).upper())
            else:
                code = "generic_decline" if card == DECLINE_CARD else "unknown_test_card"
                self._set_state(DECLINED, card_last4=card[-4:], decline_code=code)

    def _cancel(self, args: dict) -> None:
        with self._lock:
            self._require_waiting(args)
            self._cancel_timer()
            self._set_state(CANCELLED, reason="cancelled_by_page")

    def _on_timeout(self, run: int) -> None:
        with self._lock:
            if run == self._run and self.state == WAITING:
                self._timer = None
                self._set_state(TIMEOUT, reason="no_card_presented")

    def _require_waiting(self, args: dict) -> None:
        if self.state != WAITING:
            raise ActionError("not_waiting", f"terminal is {self.state}, not waiting for a card")
        wanted = args.get("payment_id")
        if wanted is not None and wanted != self._payment["payment_id"]:
            # Guards against a stale page acting on a payment that is no longer current.
            raise ActionError("wrong_payment", f"terminal is busy with payment {self._payment['payment_id']}")

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _set_state(self, state: str, **extra) -> None:
        # Called with self._lock held, so terminal.status messages leave in state order.
        self.state = state
        self.emit("terminal.status", {"state": state, **(self._payment or {}), **extra})
