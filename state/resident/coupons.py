"""Residents' platform coupons: the ones offered to them (collect on the home page, a shop page or
/me/coupons) and "My coupons" (collected, used, expired), live while the page is open (issue 18)."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import i18n, local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import promotions
from community_hub.marketplace.cart import money
from state.shared.language import LanguageState, in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event

POLL_SECONDS = 2.0
STATUS_WORDS = {"usable": phrase("ready to use"), "used": phrase("used"), "expired": phrase("expired"),
                "not_yet": phrase("not valid yet"), "off": phrase("switched off")}


def _offers(db, actor):
    return promotions.offered_to_me(db, actor), actor.time_zone


def _mine(db, actor):
    return promotions.offered_to_me(db, actor), promotions.my_coupons(db, actor), actor.time_zone


def _last_day(at, zone: str, lang: str) -> str:
    # ends_at is the first moment it no longer applies: show the last day it does.
    return local_time.fmt_date(at - timedelta(seconds=1), zone, lang) if at else ""


class CouponOffersState(LoadedScreen, rx.State):
    """The coupons a resident may collect, as a strip on the home page and a shop page."""

    offers: list[dict[str, str]] = []

    async def _load(self):
        try:
            offers, zone = await look(self, _offers)
        except ServiceError:  # a visitor or a member who is no resident (a public shop page): no strip
            self.offers = []
            return
        lang = (await self.get_state(LanguageState)).lang
        self.offers = [_offer_row(o, zone, lang) for o in offers]

    @rx.event
    @screen_event
    async def collect(self, coupon_id: str):
        await call(self, promotions.collect, row_id(coupon_id))
        self.notice = await in_language(self, phrase("Collected: it is in My coupons and is offered at checkout."))
        await self._load()


class MyCouponsState(LoadedScreen, LiveWatch, rx.State):
    offers: list[dict[str, str]] = []
    mine: list[dict[str, str]] = []

    async def _load(self):
        offers, mine, zone = await look(self, _mine)
        lang = (await self.get_state(LanguageState)).lang
        self.offers = [_offer_row(o, zone, lang) for o in offers if o.can_collect]
        self.mine = [{"id": str(m.collected_id), "name": m.name, "terms": await in_language(self, m.terms),
                      "until": _last_day(m.ends_at, zone, lang), "status": m.status,
                      "status_text": await in_language(self, STATUS_WORDS[m.status]),
                      "order": str(m.order_id or ""),
                      "saved": money(m.discount_minor, m.currency) if m.order_id else ""} for m in mine]

    @rx.event(background=True)
    async def watch(self, gen: int):
        """A coupon collected or used at checkout in another tab shows here (one the platform switches
        off shows at the next opening: the version reads only the resident's own coupons)."""
        await self._follow_version(gen, "/me/coupons", POLL_SECONDS, promotions.my_coupons_version, (), self._load,
                                   keys=promotions.my_coupons_keys)

    @rx.event
    @screen_event
    async def collect(self, coupon_id: str):
        await call(self, promotions.collect, row_id(coupon_id))
        self.notice = await in_language(self, phrase("Collected: it is in My coupons and is offered at checkout."))
        await self._load()


def _offer_row(o, zone: str, lang: str) -> dict[str, str]:
    return {"id": str(o.coupon_id), "name": o.name, "terms": i18n.localized(lang, o.terms),
            "until": _last_day(o.ends_at, zone, lang), "can": "1" if o.can_collect else "",
            "had": "1" if o.collected else ""}
