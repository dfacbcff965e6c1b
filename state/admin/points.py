"""Admin: shops' points — find a shop, grant points (a promotion) or take back points given by
mistake, with the reason on record; the chosen shop's recent movements."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.payments import points
from state.shared.service_call import acting, reading


class AdminPointsState(rx.State):
    rows: list[dict[str, str]] = []
    query: str = ""
    owner: str = ""  # the chosen shop ("merchant:3")
    owner_name: str = ""
    moves: list[dict[str, str]] = []
    amount: str = ""
    reason: str = ""
    busy: bool = False
    error: str = ""
    notice: str = ""

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                holders = points.merchant_holders(db, actor, query=self.query)
                moves = points.history(db, actor, self.owner, limit=20) if self.owner else []
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"owner": h.owner, "name": h.name, "balance": f"{h.balance:,}"} for h in holders]
        self.moves = [{"at": m.at.strftime("%Y-%m-%d"), "what": m.label,
                       "points": f"{m.points:+,}", "memo": m.memo} for m in moves]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        await self._load()

    @rx.event
    async def search(self, value: str):
        self.query = value
        await self._load()

    @rx.event
    async def choose(self, owner: str, name: str):
        self.owner, self.owner_name, self.error, self.notice = owner, name, "", ""
        await self._load()

    @rx.event
    def set_amount(self, value: str):
        self.amount = value

    @rx.event
    def set_reason(self, value: str):
        self.reason = value

    @rx.event
    async def apply(self, action: str):
        """Grant or take back the amount for the chosen shop."""
        if self.busy:
            return
        self.error = self.notice = ""
        amount = self.amount.strip().replace(",", "")
        if not self.owner:
            self.error = "Choose a shop first."
            return
        if not amount.isdigit() or int(amount) <= 0:
            self.error = "Enter a whole number of points, more than zero."
            return
        self.busy = True
        yield
        try:
            async with acting(self) as (db, actor):
                if action == "grant":
                    points.grant(db, actor, self.owner, int(amount), self.reason)
                else:
                    points.revoke(db, actor, self.owner, int(amount), self.reason)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy = False
        verb = "granted to" if action == "grant" else "taken back from"
        self.notice = f"{int(amount):,} points {verb} {self.owner_name}."
        self.amount = self.reason = ""
        await self._load()
