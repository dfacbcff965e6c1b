"""/pay/[payment_id]: the payment page. With the demo provider the card number goes to the payments
service, which asks the provider; with Stripe the payer is sent to Stripe's own hosted page
(Checkout) and comes back here, where the page confirms with Stripe until the money is in. Either
way the order moves only when the provider says the money went through."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import order_payments
from community_hub.marketplace.cart import money
from community_hub.payments import hosted_checkout, wallet, wallet_shortfall
from community_hub.payments.card_details import check_card_details
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
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


def _confirm_and_read(db, actor, payment_id: int):
    """Back from the provider's page: ask it what happened, then read the page as it is now."""
    hosted_checkout.refresh_checkout(db, actor, payment_id)
    return order_payments.payment_page(db, actor, payment_id)


# Where the payer goes back to, by what the payment is for (the part of "order:5" before the colon).
BACK_PATHS = {"bill": "/bills", "bills": "/bills", "ad": "/merchant/ads", "card_fee": "/me/card",
              "share": "/share/bookings", "cover": "/merchant/service", "deposit": "/orders", "topup": "/me/wallet"}


def back_path(purpose: str, order_id: int | None) -> str:
    if order_id:
        return f"/orders/{order_id}"
    if (target := wallet_shortfall.target_of(purpose)) is not None:
        return f"/pay/{target}"  # the rest of a payment made partly from the wallet: back to it
    return BACK_PATHS.get(purpose.split(":", 1)[0], "/")


CONFIRM_SECONDS = 1.5  # how often the page asks the provider while it confirms
CONFIRM_FOR_SECONDS = 120  # then it says the confirmation is late, and what to do


class PaymentPageState(LiveWatch, ScreenState, rx.State):
    payment_id: int = 0
    order_id: int = 0
    shop_name: str = ""
    amount: str = ""
    status: str = ""
    paid: bool = False
    payable: bool = False
    card: str = ""
    found: bool = False
    hosted: bool = False  # paid on the provider's own page
    description: str = ""  # what it pays for
    back: str = "/"  # where the payer goes on from here (the order, the bills, the card page, ...)
    confirming: bool = False  # back from it; asking the provider until the money is in
    came_back_unpaid: bool = False  # the payer left the provider's page without paying
    wallet_balance: str = ""  # the payer's wallet credit ("" when there is none)
    wallet_can_pay: bool = False  # the wallet covers this payment and it may be paid from it

    def _show(self, page: order_payments.PaymentPage) -> None:
        self.found = True
        self.order_id = page.order_id or 0
        self.shop_name, self.status, self.paid, self.payable = page.shop_name, page.status, page.paid, page.payable
        self.amount = money(page.amount_minor, page.currency)
        self.hosted = page.hosted
        self.description, self.back = page.description, back_path(page.purpose, page.order_id)
        self.confirming = self.confirming and not page.paid

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.card, self.busy, self.found, self.confirming, self.came_back_unpaid = "", False, False, False, False
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            raise ServiceError("That payment does not exist.")
        self.payment_id = int(last)
        asked = self.router.url.query_parameters
        page = await look(self, order_payments.payment_page, self.payment_id)
        if page.hosted and asked.get("back") == "1" and not page.paid:
            self.confirming = True
            page = await call(self, _confirm_and_read, self.payment_id)
        self.came_back_unpaid = page.hosted and asked.get("cancelled") == "1" and not page.paid
        self._show(page)
        offer = await look(self, wallet.offer, self.payment_id)
        self.wallet_can_pay = offer.can_pay and page.payable
        self.wallet_balance = money(offer.balance_minor, offer.currency) if offer.balance_minor else ""
        if page.status == "failed" and page.failure_message:
            self.error = page.failure_message + " Try again or use another card."
        if self.confirming:
            return PaymentPageState.confirm_until_paid(self._next_watch())

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

    @rx.event
    @screen_event
    async def pay_from_wallet(self):
        """Pay it all from the wallet (asked first on the page); the service re-checks the credit."""
        paid = await call(self, wallet.pay_from_wallet, self.payment_id)
        self.wallet_can_pay = False
        page = await look(self, order_payments.payment_page, paid.id)
        if page.order_id:
            session = await self.get_state(SessionState)
            session._say(f"Payment received: order #{page.order_id} is on its way to the shop.", "success")
            yield rx.redirect(f"/orders/{page.order_id}")
            return
        yield rx.redirect(f"/pay/{paid.id}")

    @rx.event
    @screen_event
    async def go_to_checkout(self):
        """Pay on the provider's own page: made (or found again) for this payment, then opened."""
        url = await call(self, hosted_checkout.open_checkout, self.payment_id, self._origin())
        yield rx.redirect(url)  # another host: the browser goes there (not a new tab)

    def _origin(self) -> str:
        url = self.router.url
        return f"{url.scheme}://{url.netloc}" if url.scheme and url.netloc else ""

    @rx.event(background=True)
    async def confirm_until_paid(self, gen: int):
        """Back from the provider's page: ask it every CONFIRM_SECONDS until the money is in (the
        webhook may be quicker; either way once), then show the order's way on."""
        async with self:
            path = self.router.url.path.rstrip("/")

        async def step():
            page = await call(self, _confirm_and_read, self.payment_id)
            self._show(page)
            if page.paid or not page.hosted or page.status not in ("requires_payment", "processing"):
                self.confirming = False
                self._watch_gen += 1  # done: the poller stops at its next look

        await self._keep_polling(gen, path, CONFIRM_SECONDS, step, max_seconds=CONFIRM_FOR_SECONDS)
        async with self:
            if self.confirming and self._watch_gen == gen:
                self.confirming = False
                self.error = await in_language(self, phrase(
                    "Your payment is not confirmed yet. If you paid, it will show here within a few minutes; "
                    "you have not been charged twice."))
