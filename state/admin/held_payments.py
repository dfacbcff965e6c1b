"""Admin: money on hold — payments that succeeded for something that refused them (a bill paid at
the office meanwhile). Each is applied once it can be, or refunded; the money never just sits."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.payments import held, refunds
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event

REFUND_REASON = "Refunded from suspense: what it paid for could not take it"




class AdminHeldPaymentsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    confirm_refund: str = ""  # the payment waiting for "Yes, refund"

    async def _load(self) -> None:
        self.rows = [{"id": str(h.payment_id), "purpose": h.purpose, "amount": format_money(h.amount_minor, h.currency),
                      "reason": h.reason} for h in await look(self, held.held_payments)]

    async def _opened(self):
        self.confirm_refund = ""

    @rx.event
    @screen_event
    async def apply(self, payment_id: str):
        payment = await call(self, held.apply_held_payment, row_id(payment_id))
        await self._load()
        self.notice = await in_language(self, phrase("Payment #{id} is applied to {purpose}.", id=payment.id,
                                                      purpose=payment.purpose))

    @rx.event
    def ask_refund(self, payment_id: str):
        self.confirm_refund = str(payment_id)

    @rx.event
    @screen_event
    async def refund(self, payment_id: str):
        self.confirm_refund = ""
        refund = await call(self, refunds.refund_payment, row_id(payment_id), None, REFUND_REASON)
        await self._load()
        self.notice = await in_language(self, phrase("Refund of {amount} sent for payment #{id}.", id=payment_id,
                                                      amount=format_money(refund.amount_minor, refund.currency)))
