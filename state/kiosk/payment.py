"""The kiosk's card payment: start it at the terminal, take the terminal's signed answer, and when
anything is unclear ask the provider (the rules are community_hub/kiosk/recovery.py)."""

from __future__ import annotations

import json
import os
import uuid

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.kiosk import pay as kiosk_pay
from community_hub.kiosk.recovery import Move, after_refused_answer, on_terminal_status
from state.shared.service_call import call

DEMO_CARD_NUMBER = "4242424242424242"  # the simulated terminal's approving test card
TERMINAL_OFFLINE = phrase("The card terminal is offline, so nothing can be paid here right now. "
                          "Please ask the front desk to restart the kiosk bridge.")


def envelope(action: str, device: str | None = None, **args) -> str:
    """A command for the bridge, in its protocol's frame."""
    return json.dumps({"v": 1, "id": uuid.uuid4().hex[:12], "type": "action", "device": device,
                       "data": {"action": action, **args}})


def _order_cart(db, kiosk, token: str, merchant_id: int) -> int:
    order = kiosk_pay.order_cart(db, kiosk, token, merchant_id, idempotency_key=f"kiosk-{uuid.uuid4().hex[:16]}")
    return order.id


class KioskPayment(rx.State, mixin=True):
    @rx.event
    async def check_out(self, merchant_id: str):
        """The member's cart at one shop becomes a pickup order, then pays at the terminal."""
        self._touch()
        if self.bridge_link == "down":  # no order is placed that could not be paid now
            await self._say(TERMINAL_OFFLINE)
            return
        mid = int(merchant_id) if str(merchant_id).isdigit() else 0
        order_id = await self._run(_order_cart, self._member_token, mid)
        if order_id is not None:
            await self.pay("order", str(order_id))

    @rx.event
    async def pay(self, kind: str, item_id: str):
        self._touch()
        if self._payment_id:
            return
        if self.bridge_link == "down":  # a "tap your card" screen with no terminal would be a dead end
            await self._say(TERMINAL_OFFLINE)
            return
        target = int(item_id) if str(item_id).isdigit() else 0
        charge = await self._run(kiosk_pay.start, self._member_token, kind, target)
        if charge is None:
            await self._load_member()
            return
        self._payment_id, self._bridge_payment_id = charge.payment_id, charge.bridge_payment_id
        self.pay_label = await self._tr(charge.label)
        self.pay_text = await self._tr(phrase("Pay {amount} on the card terminal", amount=charge.amount))
        self.screen, self.message = "paying", ""
        self.bridge_command = envelope("terminal.start", self._terminal, payment_id=charge.bridge_payment_id,
                                       amount=charge.amount_minor, currency=charge.currency)

    @rx.event
    def tap_demo_card(self):
        """Demo only (simulated terminal): what a customer's tap would do."""
        self._touch()
        if self._payment_id and self.terminal_simulated:
            self.bridge_command = envelope("terminal.present_card", self._terminal, card=DEMO_CARD_NUMBER,
                                           payment_id=self._bridge_payment_id)

    @rx.event
    async def cancel_payment(self):
        self._touch()
        if not self._payment_id:
            return
        self.bridge_command = envelope("terminal.cancel", self._terminal, payment_id=self._bridge_payment_id)
        await self._settle()

    async def _on_terminal(self, data: dict) -> None:
        if not self._payment_id or data.get("payment_id") != self._bridge_payment_id:
            return
        move = on_terminal_status(data.get("state"))
        if move == Move.SETTLE:
            await self._settle()
        elif move == Move.APPROVE:
            try:
                out = await call(self, kiosk_pay.approved, self._member_token, self._payment_id, data)
            except ServiceError as exc:
                await self._say(exc.message)
                if after_refused_answer(exc.code) == Move.SETTLE:
                    await self._settle()
                return
            await self._finish(out)

    async def _settle(self) -> None:
        """Ask the provider how the payment ended (nothing charged → cancelled, order unpaid)."""
        if not self._payment_id:
            return
        out = await self._run(kiosk_pay.settle_unfinished, self._member_token, self._payment_id)
        if out is None:
            self._payment_id, self._bridge_payment_id = 0, ""
            self.screen = "member" if self._member_token else "attract"
            return
        await self._finish(out)

    async def _finish(self, out: kiosk_pay.Outcome) -> None:
        self._payment_id, self._bridge_payment_id = 0, ""
        self._touch()
        if out.paid:
            base = os.environ.get("HUB_PUBLIC_URL") or self.router.url.origin
            self.receipt_qr = kiosk_pay.receipt_qr(base, out.receipt_path)
            self.receipt_text, self.screen = await self._tr(out.message), "paid"
            self.message = ""
        else:
            await self._say(out.message, "info" if "cancelled" in out.message.lower() else "error")
            self.screen = "member" if self._member_token else "attract"
            await self._load_member()
