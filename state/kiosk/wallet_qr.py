"""The kiosk's phone-wallet payment (issue 20): the QR drawn large with the amount, the screen
confirming by itself by asking the provider every few seconds, Cancel closing the provider's order
(the rules are community_hub/kiosk/wallet_pay.py).

The poll asks the provider outside the state lock (`look_as`: a read), so Cancel stays responsive;
only when the provider says the payment is paid or over does it record it (one write). While the
code is on screen the idle clock is held off; after QR_SECONDS unpaid the screen cancels it."""

from __future__ import annotations

import asyncio
import os
import time

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.kiosk import wallet_pay
from state.shared.service_call import call, look_as
from state.shared.session_token import session_token

POLL_SECONDS = 2
QR_SECONDS = 180  # a code nobody paid in three minutes is cancelled: the lobby screen moves on


class KioskWalletQr(rx.State, mixin=True):
    qr_image: str = ""
    qr_text: str = ""
    qr_amount: str = ""
    qr_app: str = ""
    _qr_payment_id: int = 0
    _qr_gen: int = 0
    _qr_started: float = 0.0

    @rx.event
    async def pay_by_wallet(self, kind: str, item_id: str, provider: str):
        self._touch()
        if self._payment_id or self._qr_payment_id or provider not in wallet_pay.APP_NAMES:
            return None
        target = int(item_id) if str(item_id).isdigit() else 0
        origin = os.environ.get("HUB_PUBLIC_URL") or self.router.url.origin
        charge = await self._run(wallet_pay.start_qr, self._member_token, str(kind)[:10], target, provider, origin)
        if charge is None:
            await self._load_member()
            return None
        self._qr_payment_id, self._qr_started = charge.payment_id, time.monotonic()
        self.qr_image, self.qr_amount = charge.qr_image, charge.amount
        self.qr_text, self.qr_app = await self._tr(charge.scan_text), await self._tr(charge.app_name)
        self.pay_label = await self._tr(charge.label)
        self.screen, self.message = "qr", ""
        self._qr_gen += 1
        return type(self).qr_watch

    @rx.event
    async def cancel_qr(self):
        self._touch()
        if self._qr_payment_id:
            await self._end_qr(wallet_pay.cancel_qr)

    async def _end_qr(self, step) -> None:
        """Cancel (or record) the QR payment and show how it ended."""
        pid = self._qr_payment_id
        try:
            out = await call(self, step, self._member_token, pid)
        except ServiceError as exc:
            await self._say(exc.message)
            return
        if out is not None:
            self._clear_qr()
            await self._finish(out)

    def _clear_qr(self) -> None:
        self._qr_payment_id, self._qr_gen = 0, self._qr_gen + 1
        self.qr_image = self.qr_text = self.qr_amount = self.qr_app = ""

    @rx.event(background=True)
    async def qr_watch(self):
        async with self:
            gen, pid, member = self._qr_gen, self._qr_payment_id, self._member_token
            token = await session_token(self)
        while pid:
            await asyncio.sleep(POLL_SECONDS)
            try:  # outside the lock: the provider's query, nothing written
                done = await look_as(token, wallet_pay.qr_finished, member, pid)
            except ServiceError:
                done = False  # the provider did not answer this time: ask again
            async with self:
                if self._qr_gen != gen or self._qr_payment_id != pid or not self.router.url.path.startswith("/kiosk/"):
                    return
                self._touch()  # a member scanning is not idle
                if done:
                    await self._end_qr(wallet_pay.check_qr)
                elif time.monotonic() - self._qr_started > QR_SECONDS:
                    await self._end_qr(wallet_pay.cancel_qr)
