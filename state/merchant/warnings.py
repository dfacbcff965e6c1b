"""Merchant dashboard: the platform's warnings to the shop (shown until acknowledged) and, while the
shop is suspended, why (issue 18, marketplace/merchant_supervision)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.marketplace import merchant_supervision as sup
from community_hub.marketplace.catalog import merchant_or_404
from state.merchant.common import shop_id, when
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _standing(db, actor):
    """The shop's open warnings and its suspension reason (empty when trading); nothing without a shop."""
    if not actor.merchant_ids:
        return [], "", actor.time_zone
    merchant_id = shop_id(actor)
    shop = merchant_or_404(db, merchant_id)
    reason = shop.suspended_reason if shop.status == "suspended" else ""
    return sup.open_warnings(db, actor, merchant_id), reason, actor.time_zone


class MerchantWarningsState(LoadedScreen, rx.State):
    warnings: list[dict[str, str]] = []
    suspended_reason: str = ""

    async def _load(self):
        found, self.suspended_reason, zone = await look(self, _standing)
        self.warnings = [{"id": str(w.id), "note": w.note, "at": when(w.given_at, zone)} for w in found]

    @rx.event
    @screen_event
    async def acknowledge(self, warning_id: str):
        await call(self, sup.acknowledge, row_id(warning_id))
        self.notice = await in_language(self, phrase("Warning acknowledged."))
        await self._load()
