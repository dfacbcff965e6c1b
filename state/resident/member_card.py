"""The resident's phone member card: a QR the lobby kiosk's scanner reads to log them in.
The code is signed by the server and lives two minutes, so the page renews it by itself."""

from __future__ import annotations

import asyncio

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.qr_images import png_data_uri
from community_hub.kiosk import session as kiosk_session
from state.shared.service_call import reading


class MemberCardState(rx.State):
    qr: str = ""
    code: str = ""  # the text in the QR (shown small, for a test or a hand scanner)
    seconds: int = 0
    error: str = ""
    _gen: int = 0

    async def _renew(self) -> None:
        try:
            async with reading(self) as (db, actor):
                code, ttl = kiosk_session.member_qr_token(db, actor)
        except ServiceError as exc:
            self.error, self.qr, self.code = exc.message, "", ""
            return
        self.error, self.code, self.qr, self.seconds = "", code, png_data_uri(code), ttl

    @rx.event
    async def load(self):
        await self._renew()
        self._gen += 1
        return MemberCardState.keep_fresh

    @rx.event
    def leave(self):
        self._gen += 1

    @rx.event(background=True)
    async def keep_fresh(self):
        async with self:
            gen = self._gen
        while True:
            await asyncio.sleep(1)
            async with self:
                if self._gen != gen or not self.router.url.path.startswith("/me/card"):
                    return
                self.seconds = max(0, self.seconds - 1)
                if self.seconds <= 10:  # renew before the kiosk would call it expired
                    await self._renew()
