"""Admin: shops' points — find a shop, grant points (a promotion) or take back points given by
mistake, with the reason on record; the chosen shop's recent movements."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.payments import points
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event
from state.shared.setters import text_setter


def _page(db, actor, query: str, owner: str):
    holders = points.merchant_holders(db, actor, query=query)
    return holders, (points.history(db, actor, owner, limit=20) if owner else [])


def _move(db, actor, action: str, owner: str, amount: int, reason: str):
    if action == "grant":
        return points.grant(db, actor, owner, amount, reason)
    return points.revoke(db, actor, owner, amount, reason)


class AdminPointsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    query: str = ""
    owner: str = ""  # the chosen shop ("merchant:3")
    owner_name: str = ""
    moves: list[dict[str, str]] = []
    amount: str = ""
    reason: str = ""

    async def _load(self):
        self.rows = []
        holders, moves = await look(self, _page, self.query, self.owner)
        self.rows = [{"owner": h.owner, "name": h.name, "balance": f"{h.balance:,}"} for h in holders]
        self.moves = [{"at": m.at.strftime("%Y-%m-%d"), "what": await in_language(self, m.label),
                       "points": f"{m.points:+,}", "memo": m.memo} for m in moves]

    @rx.event
    @screen_event(busy=False)
    async def search(self, value: str):
        self.query = str(value)[:80]
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def choose(self, owner: str, name: str):
        self.owner, self.owner_name = str(owner)[:40], str(name)[:120]
        await self._load()

    set_amount = text_setter("amount", 20)
    set_reason = text_setter("reason", 300)

    @rx.event
    @screen_event
    async def apply(self, action: str):
        """Grant or take back the amount for the chosen shop."""
        amount = self.amount.strip().replace(",", "")
        if not self.owner:
            raise ServiceError("Choose a shop first.")
        if not amount.isdigit() or int(amount) <= 0:
            raise ServiceError("Enter a whole number of points, more than zero.")
        await call(self, _move, "grant" if action == "grant" else "revoke", self.owner, int(amount), self.reason)
        done = (phrase("{points} points granted to {shop}.", points=format(int(amount), ","), shop=self.owner_name)
                if action == "grant" else
                phrase("{points} points taken back from {shop}.", points=format(int(amount), ","), shop=self.owner_name))
        self.notice = await in_language(self, done)
        self.amount = self.reason = ""
        await self._load()
