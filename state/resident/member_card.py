"""The resident's phone member card: a QR the lobby kiosk's scanner reads to log them in.
The code is signed by the server and lives two minutes, so the page renews it by itself."""

from __future__ import annotations

import asyncio

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.qr_images import png_data_uri
from community_hub.kiosk import session as kiosk_session
from state.shared import tab_visits
from state.shared.live_watch import LiveWatch
from state.shared.service_call import look, off_loop


class MemberCardState(LiveWatch, rx.State):
    qr: str = ""
    code: str = ""  # the text in the QR (shown small, for a test or a hand scanner)
    seconds: int = 0
    error: str = ""

    async def _renew(self) -> None:
        try:
            code, ttl = await look(self, kiosk_session.member_qr_token)
        except ServiceError as exc:
            self.error, self.qr, self.code = exc.message, "", ""
            return
        self.error, self.code, self.seconds = "", code, ttl
        self.qr = await off_loop(png_data_uri, code)  # drawing the QR is CPU work

    @rx.event
    async def load(self):
        await self._renew()
        self._watch_gen += 1
        return MemberCardState.keep_fresh

    @rx.event
    def leave(self):
        self._watch_gen += 1

    @rx.event(background=True)
    async def keep_fresh(self):
        async with self:
            gen = self._watch_gen
            if not self._claim_watch(gen):
                return
            tab = self.router.session.client_token
            visit = tab_visits.current(tab)
        try:
            while True:
                await asyncio.sleep(1)
                if tab_visits.current(tab) != visit:  # the tab opened another page: stop, no lock needed
                    return
                async with self:
                    if self._watch_gen != gen:
                        return
                    self.seconds = max(0, self.seconds - 1)
                    if self.seconds <= 10:  # renew before the kiosk would call it expired
                        await self._renew()
        finally:
            async with self:
                self._release_watch(gen)
