"""Any member: claim a shop that admins listed from public information. A code goes to the shop's
public phone or email; whoever can read it there is taken to be the owner."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import applications as apps
from community_hub.marketplace import claims as listing_claims
from state.shared.service_call import acting, reading
from state.shared.session import SessionState

PAGE_SIZE = 20


class MerchantClaimState(rx.State):
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 1
    query: str = ""
    # The listing being claimed once a code was sent (0 = still choosing) and where the code went.
    claim_id: int = 0
    claim_name: str = ""
    sent_to: str = ""
    error: str = ""
    notice: str = ""
    busy: bool = False

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                found, self.total = listing_claims.unclaimed_listings(db, actor, query=self.query, page=self.page,
                                                                      page_size=PAGE_SIZE)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"id": str(r.id), "name": r.name, "category": r.category, "address": r.address,
                      "contact": r.contact} for r in found]

    @rx.event
    async def load(self):
        self.page, self.query, self.error, self.notice = 1, "", "", ""
        self.claim_id, self.claim_name, self.sent_to = 0, "", ""
        await self._load()

    @rx.event
    async def search(self, form: dict):
        self.query, self.page = (form.get("q") or "").strip(), 1
        await self._load()

    @rx.event
    async def goto(self, page: int):
        self.page = min(max(1, page), self.pages)
        await self._load()

    async def _send(self, merchant_id: int, name: str):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        try:
            async with acting(self) as (db, actor):
                sent_to = apps.request_claim(db, actor, merchant_id)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            await self._load()  # someone may have claimed it meanwhile
            return
        self.busy, self.claim_id, self.claim_name, self.sent_to = False, merchant_id, name, sent_to
        self.notice = f"A 6-digit code is on its way to {sent_to}. It expires in 30 minutes."

    @rx.event
    async def send_code(self, form: dict):
        # The row comes in a hidden field: a form inside rx.foreach cannot pass its row to on_submit.
        try:
            merchant_id = int(form.get("merchant_id") or 0)
        except ValueError:
            merchant_id = 0
        name = next((r["name"] for r in self.rows if r["id"] == str(merchant_id)), "")
        async for _ in self._send(merchant_id, name):
            yield

    @rx.event
    async def resend_code(self):
        async for _ in self._send(self.claim_id, self.claim_name):
            yield

    @rx.event
    async def choose_another(self):
        self.claim_id, self.claim_name, self.sent_to, self.error, self.notice = 0, "", "", "", ""
        await self._load()

    @rx.event
    async def confirm_code(self, form: dict):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        code = (form.get("code") or "").strip()
        try:
            if not code:
                raise ServiceError("Enter the 6-digit code.")
            async with acting(self) as (db, actor):
                shop = apps.confirm_claim(db, actor, self.claim_id, code)
                name = shop.name
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy = False
        sess = await self.get_state(SessionState)
        sess.say(f"{name} is yours to manage now. Add your products and opening hours.", "success", "/merchant")
        yield rx.redirect("/merchant")
