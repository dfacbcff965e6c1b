"""/me/wallet: the resident's wallet credit, a top-up form (it opens the pay page of a new top-up)
and the wallet's history, newest first, each line with its receipt. The services decide; this
state only shows what they answer."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import localized, phrase, reader
from community_hub.marketplace.cart import money
from community_hub.payments import wallet
from state.resident.shop_rows import when
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, screen_event
from state.shared.setters import text_setter


def _wallet_page(db, actor):
    moves = wallet.history(db, actor)
    rows = [{"key": f"{i}", "label": localized(reader(), m.label), "at": when(m.at, actor.time_zone),
             "amount": ("+" if m.amount_minor > 0 else "") + money(m.amount_minor, m.currency),
             "is_in": "1" if m.amount_minor > 0 else "",
             "receipt": str(m.receipt_payment_id or "")} for i, m in enumerate(moves)]
    return money(wallet.balance(db, actor), wallet.currency()), rows, wallet.refund_choice(db, actor)


class WalletState(ScreenState, rx.State):
    balance: str = ""
    amount: str = ""
    loaded: bool = False
    moves: list[dict[str, str]] = []
    refunds_to: str = "card"  # where refunds of card payments go: "card" or "wallet"

    set_amount = text_setter("amount", 20)

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.loaded, self.moves = False, []
        self.balance, self.moves, to_wallet = await look(self, _wallet_page)
        self.refunds_to = "wallet" if to_wallet else "card"
        self.loaded = True

    @rx.event
    @screen_event
    async def choose_refunds_to(self, where: str):
        """Where refunds of card payments go; a refund of what the wallet paid always goes back to it."""
        if where not in ("card", "wallet"):
            return
        to_wallet = await call(self, wallet.set_refund_choice, where == "wallet")
        self.refunds_to = "wallet" if to_wallet else "card"
        self.notice = await in_language(self, phrase("Saved: refunds of card payments go to your wallet.")
                                        if to_wallet else phrase("Saved: refunds of card payments go back to the card."))

    @rx.event
    @screen_event
    async def top_up(self, form: dict):
        """The top-up form: the service checks the amount and its limits, then the pay page takes the card."""
        self.amount = str(form.get("amount") or self.amount)[:20]
        payment = await call(self, wallet.start_top_up, self.amount)
        self.amount = ""
        yield rx.redirect(f"/pay/{payment.id}")
