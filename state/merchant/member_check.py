"""Merchant: check a membership card at the counter — type or paste its number or QR text (a USB
scanner types into the same field) — and see who holds it and the member price at this shop."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.membership import card_checks
from state.merchant.common import shop_id
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, screen_event


def _check(db, actor, scanned: str):
    return card_checks.check_card(db, actor, shop_id(actor), scanned)


class MerchantMemberCheckState(ScreenState, rx.State):
    # The last card checked (empty until one is found; a refusal clears it and shows its reason).
    found: dict[str, str] = {}

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.found = {}

    @rx.event
    @screen_event
    async def check(self, form: dict):
        self.found = {}
        scanned = str(form.get("scanned") or "")[:card_checks.MAX_SCANNED + 1]
        c = await call(self, _check, scanned)
        discount = phrase("{pct} % off at checkout", pct=f"{c.discount_bps / 100:g}") if c.discount_bps else ""
        self.found = {"name": c.name, "programme": c.programme, "level": c.level,
                      "price": await in_language(self, c.member_price),
                      "discount": await in_language(self, discount) if discount else "",
                      "who_pays": await in_language(self, c.who_pays) if c.who_pays else ""}
