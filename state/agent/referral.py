"""Every member's referral card (on /account and the agent console): their code, the link to send,
its QR, who referred them and how many joined through them, and the way to become an agent."""

from __future__ import annotations

import os

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.core.qr_images import png_data_uri
from community_hub.membership import referral, referral_card
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, off_loop, screen_event


class ReferralState(ScreenState, rx.State):
    code: str = ""
    link: str = ""
    qr: str = ""  # a data: URL of the link's QR code
    referrer_name: str = ""
    unbound_note: str = ""
    referred_count: int = 0
    agent_status: str = ""
    application_state: str = ""

    def _origin(self) -> str:
        return (os.environ.get("HUB_PUBLIC_URL") or self.router.url.origin or "").rstrip("/")

    async def _load(self) -> None:
        card = await look(self, referral_card.my_card)
        if not card.code:  # made once, on the first visit (a write of its own)
            await call(self, referral.my_referral)
            card = await look(self, referral_card.my_card)
        link = self._origin() + card.link_path
        if link != self.link or not self.qr:
            self.qr = await off_loop(png_data_uri, link, scale=5)
        self.code, self.link = card.code, link
        self.referrer_name, self.referred_count = card.referrer_name, card.referred_count
        self.unbound_note = (await in_language(self, phrase(
            "You signed up with the code {code} of a suspended agent: your account is not linked to anyone.",
            code=card.unbound_note)) if card.unbound_note else "")
        self.agent_status, self.application_state = card.agent_status, card.application_state

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        await self._load()
