"""Any member: claim a shop that admins listed from public information. A code goes to the shop's
public phone or email; whoever can read it there is taken to be the owner."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import applications as apps
from community_hub.marketplace import claims as listing_claims
from state.shared.language import in_language
from state.shared.paged_list import SearchedList
from state.shared.service_call import call, look, screen_event
from state.shared.session import SessionState

PAGE_SIZE = 20


class MerchantClaimState(SearchedList, rx.State):
    _page_size: int = PAGE_SIZE
    rows: list[dict[str, str]] = []
    # The listing being claimed once a code was sent (0 = still choosing) and where the code went.
    claim_id: int = 0
    claim_name: str = ""
    sent_to: str = ""

    async def _load(self):
        self.rows = []
        found, self.total = await look(self, listing_claims.unclaimed_listings, query=self.query, page=self.page,
                                       page_size=PAGE_SIZE)
        self.rows = [{"id": str(r.id), "name": r.name, "category": r.category, "address": r.address,
                      "contact": r.contact} for r in found]

    async def _opened(self):
        self.page, self.query = 1, ""
        self.claim_id, self.claim_name, self.sent_to = 0, "", ""

    async def _send(self, merchant_id: int, name: str) -> None:
        try:
            sent_to = await call(self, apps.request_claim, merchant_id)
        except ServiceError:
            await self._load()  # someone may have claimed it meanwhile
            raise
        self.claim_id, self.claim_name, self.sent_to = merchant_id, name, sent_to
        self.notice = await in_language(self, phrase("A 6-digit code is on its way to {contact}. It expires in 30 minutes.", contact=sent_to))

    @rx.event
    @screen_event
    async def send_code(self, form: dict):
        # The row comes in a hidden field: a form inside rx.foreach cannot pass its row to on_submit.
        raw = str(form.get("merchant_id") or "0")
        merchant_id = int(raw) if raw.isdigit() else 0
        name = next((r["name"] for r in self.rows if r["id"] == str(merchant_id)), "")
        await self._send(merchant_id, name)

    @rx.event
    @screen_event
    async def resend_code(self):
        await self._send(self.claim_id, self.claim_name)

    @rx.event
    @screen_event(busy=False)
    async def choose_another(self):
        self.claim_id, self.claim_name, self.sent_to = 0, "", ""
        await self._load()

    @rx.event
    @screen_event
    async def confirm_code(self, form: dict):
        code = (form.get("code") or "").strip()[:12]
        if not code:
            raise ServiceError(phrase("Enter the 6-digit code."))
        shop = await call(self, apps.confirm_claim, self.claim_id, code)
        sess = await self.get_state(SessionState)
        sess._say(await in_language(self, phrase("{name} is yours to manage now. Add your products and opening hours.",
                                                 name=shop.name)), "success", "/merchant")
        yield rx.redirect("/merchant")
