"""The pay page's "partly from the wallet" offer: when the resident's credit covers part of an
order, bill or deposit, they may use it and pay the rest by card (or any way the rest's own pay
page offers). The rest is its own payment (payments/wallet_shortfall.py); the credit is taken
only once the rest has arrived, and then the whole amount is paid at once."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace.cart import money
from community_hub.payments import wallet_shortfall
from state.shared.service_call import ScreenState, call, look, screen_event


def _offer(db, actor, payment_id: int):
    """(credit, rest, currency), or None when partly-from-the-wallet does not apply."""
    try:
        return wallet_shortfall.shortfall(db, actor, payment_id)
    except ServiceError:
        return None


class WalletRestState(ScreenState, rx.State):
    credit: str = ""  # "" when there is no offer
    rest: str = ""
    _payment_id: int = 0

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.credit, self.rest = "", ""
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            return
        self._payment_id = int(last)
        offer = await look(self, _offer, self._payment_id)
        if offer is not None:
            credit, rest, currency = offer
            self.credit, self.rest = money(credit, currency), money(rest, currency)

    @rx.event
    @screen_event
    async def pay_rest(self):
        """Open the payment of the rest and go to its pay page."""
        rest = await call(self, wallet_shortfall.start_rest, self._payment_id)
        yield rx.redirect(f"/pay/{rest.id}")
