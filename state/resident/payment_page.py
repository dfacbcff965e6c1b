"""/pay/[payment_id]: the demo payment page. The card number goes to the payments service, which
asks the provider; the order moves only when the provider's event says the money went through."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import order_payments
from community_hub.marketplace.cart import money
from community_hub.payments.card_details import check_card_details
from state.shared.service_call import ScreenState, call, look, screen_event
from state.shared.session import SessionState
from state.shared.setters import text_setter


def _pay_and_read(db, actor, payment_id: int, card: str):
    """Send the card to the provider, then read the page as it is now. A decline is part of the
    answer (the page shows the payment still payable), not a reason to lose it."""
    refusal = None
    try:
        order_payments.pay_order(db, actor, payment_id, card)
    except ServiceError as exc:
        if not exc.keep and exc.code != "declined":
            raise
        refusal = exc.message + (" Your card was not charged; try again or use another card."
                                 if exc.code == "declined" else "")
    return order_payments.payment_page(db, actor, payment_id), refusal


class PaymentPageState(ScreenState, rx.State):
    payment_id: int = 0
    order_id: int = 0
    shop_name: str = ""
    amount: str = ""
    status: str = ""
    paid: bool = False
    payable: bool = False
    card: str = ""
    found: bool = False

    def _show(self, page: order_payments.PaymentPage) -> None:
        self.found = True
        self.order_id = page.order_id or 0
        self.shop_name, self.status, self.paid, self.payable = page.shop_name, page.status, page.paid, page.payable
        self.amount = money(page.amount_minor, page.currency)

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.card, self.busy, self.found = "", False, False
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            raise ServiceError("That payment does not exist.")
        self.payment_id = int(last)
        page = await look(self, order_payments.payment_page, self.payment_id)
        self._show(page)
        if page.status == "failed" and page.failure_message:
            self.error = page.failure_message + " Try again or use another card."

    set_card = text_setter("card", 40)

    @rx.event
    @screen_event
    async def pay(self, form: dict):
        """The card form (Enter submits it): checked here in words, then sent to the provider."""
        self.card = str(form.get("card_number") or self.card)[:40]
        digits = check_card_details(self.card, str(form.get("expiry") or "")[:10], str(form.get("cvc") or "")[:6])
        page, refusal = await call(self, _pay_and_read, self.payment_id, digits)
        self._show(page)
        self.error = refusal or ""
        if page.paid and page.order_id:
            session = await self.get_state(SessionState)
            session._say(f"Payment received: order #{page.order_id} is on its way to the shop.", "success")
            yield rx.redirect(f"/orders/{page.order_id}")
