"""/pay/[payment_id]: the demo payment page. The card number goes to the payments service, which
asks the provider; the order moves only when the provider's event says the money went through."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import order_payments
from community_hub.marketplace.cart import money
from state.shared.service_call import acting, reading
from state.shared.session import SessionState


class PaymentPageState(rx.State):
    payment_id: int = 0
    order_id: int = 0
    shop_name: str = ""
    amount: str = ""
    status: str = ""
    paid: bool = False
    payable: bool = False
    card: str = ""
    busy: bool = False
    found: bool = False
    error: str = ""

    def _show(self, page: order_payments.PaymentPage) -> None:
        self.found = True
        self.order_id = page.order_id or 0
        self.shop_name, self.status, self.paid, self.payable = page.shop_name, page.status, page.paid, page.payable
        self.amount = money(page.amount_minor, page.currency)

    @rx.event
    async def load(self):
        self.error, self.card, self.busy, self.found = "", "", False, False
        try:
            self.payment_id = int(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
            async with reading(self) as (db, actor):
                page = order_payments.payment_page(db, actor, self.payment_id)
        except ValueError:
            self.error = "That payment does not exist."
            return
        except ServiceError as exc:
            self.error = exc.message
            return
        self._show(page)
        if page.status == "failed" and page.failure_message:
            self.error = page.failure_message + " Try again or use another card."

    @rx.event
    def set_card(self, value: str):
        self.card = value

    @rx.event
    async def pay(self):
        if self.busy:
            return
        self.busy, self.error = True, ""
        yield
        try:
            async with acting(self) as (db, actor):
                order_payments.pay_order(db, actor, self.payment_id, self.card.replace(" ", ""))
        except ServiceError as exc:
            self.error = exc.message + (" Your card was not charged; try again or use another card."
                                        if exc.code == "declined" else "")
        try:
            async with reading(self) as (db, actor):
                page = order_payments.payment_page(db, actor, self.payment_id)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self._show(page)
        self.busy = False
        if page.paid and page.order_id:
            session = await self.get_state(SessionState)
            session.say(f"Payment received: order #{page.order_id} is on its way to the shop.", "success")
            yield rx.redirect(f"/orders/{page.order_id}")
