"""/admin/sharing: the platform's sharing rules — the fee on what owners and sellers earn (a per
cent, kept in basis points) and how many active posts a member may have. Finance admins only (the
service checks)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.sharing import settings
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event


def _current(db, actor):
    row = settings.settings_for_admin(db, actor)
    return f"{row.fee_bps / 100:g}", str(row.max_active_posts)


def _bps(text: str) -> int:
    """"2.5" (per cent) -> 250 basis points; the service checks the range."""
    try:
        share = Decimal(str(text or "").strip().rstrip("%").strip())
    except InvalidOperation:
        raise ServiceError(phrase("Write the fee as a per cent, like 2.5.")) from None
    if not share.is_finite() or share != share.quantize(Decimal("0.01")):
        raise ServiceError(phrase("Write the fee as a per cent, like 2.5."))
    return int(share * 100)


class AdminSharingState(LoadedScreen, rx.State):
    fee: str = ""
    most: str = ""

    async def _load(self) -> None:
        self.fee, self.most = await look(self, _current)

    @rx.event
    @screen_event
    async def save(self, form: dict):
        most = str(form.get("most") or "").strip()[:6]
        await call(self, settings.set_sharing_settings, fee_bps=_bps(str(form.get("fee") or "")[:12]),
                   max_active_posts=int(most) if most.isdigit() else -1)
        self.notice = await in_language(self, phrase("Saved: new posts and payouts follow these rules."))
        await self._load()
