"""The pay page's phone wallets (issue 20): "Pay with WeChat Pay" / "Pay with Alipay" beside the
card when configured for the payment's currency, and on a phone-wallet attempt the QR to scan,
the page confirming with the provider by itself until the money is in (payments/wallet_app_pay.py;
the notification may be quicker, either way once)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import translate
from community_hub.payments import hosted_checkout, wallet_app_pay
from state.shared.language import LanguageState
from state.shared.live_watch import LiveWatch
from state.shared.service_call import ScreenState, call, screen_event

CONFIRM_SECONDS = 2.0  # how often the page asks the provider while the QR is shown
CONFIRM_FOR_SECONDS = 15 * 60  # then the payer presses "show a new QR" or pays another way


def _qr_state(db, actor, payment_id: int, origin: str):
    """(offered wallets, whether this attempt is a QR, the QR or None) in one call."""
    qr = wallet_app_pay.is_qr(db, actor, payment_id)
    return (wallet_app_pay.offered(db, actor, payment_id) if not qr else [], qr,
            wallet_app_pay.qr_to_pay(db, actor, payment_id, origin) if qr else None)


def _paid_now(db, actor, payment_id: int) -> bool:
    """Ask the provider (the payer may have paid); whether the money is in."""
    return hosted_checkout.refresh_checkout(db, actor, payment_id).status in ("succeeded", "partially_refunded",
                                                                                "refunded")


class WalletAppPayState(LiveWatch, ScreenState, rx.State):
    offers: list[dict[str, str]] = []  # {"name": "alipay", "label": "Pay with Alipay"}
    is_qr: bool = False
    qr_image: str = ""
    qr_words: str = ""  # "Scan with Alipay to pay ¥25.00"
    paid: bool = False
    _payment_id: int = 0

    def _origin(self) -> str:
        url = self.router.url
        return f"{url.scheme}://{url.netloc}" if url.scheme and url.netloc else ""

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.offers, self.is_qr, self.qr_image, self.qr_words, self.paid = [], False, "", "", False
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            return
        self._payment_id = int(last)
        offered, self.is_qr, qr = await call(self, _qr_state, self._payment_id, self._origin())
        lang = (await self.get_state(LanguageState)).lang
        self.offers = [{"name": n, "label": translate(lang, "Pay with {provider}", provider=translate(
            lang, wallet_app_pay.NAMES[n]))} for n in offered]
        if qr is not None:
            self.qr_image = qr.image
            self.qr_words = translate(lang, "Scan with {app} to pay {amount}", app=translate(lang, qr.app),
                                      amount=qr.amount)
            return WalletAppPayState.confirm_until_paid(self._next_watch())

    @rx.event
    @screen_event
    async def choose(self, name: str):
        """Pay this with a phone wallet (or "card"): a new attempt there, then its page."""
        name = str(name)[:20]
        if name not in ("card", *wallet_app_pay.NAMES):
            name = "card"
        payment = await call(self, wallet_app_pay.switch_to, self._payment_id, name)
        yield rx.redirect(f"/pay/{payment.id}")

    @rx.event(background=True)
    async def confirm_until_paid(self, gen: int):
        """While the QR is shown: ask the provider every CONFIRM_SECONDS until the money is in."""
        async with self:
            path = self.router.url.path.rstrip("/")

        async def step():
            if await call(self, _paid_now, self._payment_id):
                self.paid, self.qr_image = True, ""  # the page says paid, and the way on
                self._watch_gen += 1  # done: the poller stops at its next look

        await self._keep_polling(gen, path, CONFIRM_SECONDS, step, max_seconds=CONFIRM_FOR_SECONDS)
