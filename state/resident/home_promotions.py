"""What the resident's home shows of the marketplace (issue 18): running campaigns as banners
(the platform's, then shops' of the circle) and the home lists admins curate per community —
carousel, pinned, hot, new, recommended."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import reflex as rx

from community_hub.core import i18n, local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import catalog, promotions
from community_hub.marketplace.promotions.home_curation import KIND_LABELS
from state.resident.shop_rows import ProductGroup, product_row
from state.shared.language import LanguageState
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import look

SHOWN = 6
# The home's lists in the order the page shows them.
ORDER = ("carousel", "pinned", "hot", "new", "recommended")


@dataclasses.dataclass
class BannerBox:
    id: str = ""
    title: str = ""
    banner: str = ""
    shop: str = ""  # "" for the platform's own
    until: str = ""
    products: list[dict[str, str]] = dataclasses.field(default_factory=list)
    shops: list[dict[str, str]] = dataclasses.field(default_factory=list)  # slug, name


def _home(db, actor):
    try:
        banners, feed = promotions.home_banners(db, actor), catalog.my_home_feed(db, actor)
    except ServiceError:  # not linked to a community yet: the household card says how to join
        return [], None, {}, actor.time_zone
    ids = {p.merchant_id for b in banners for p in b.products}
    if feed is not None:
        ids |= {p.merchant_id for kind in ORDER for p in getattr(feed, kind)}
    shops = catalog.kept_shop_labels(db, ids)  # the same shops for the whole community: kept with the feed
    return banners, feed, shops, actor.time_zone


class HomePromotionsState(LoadedScreen, rx.State):
    banners: list[BannerBox] = []
    strips: list[ProductGroup] = []

    async def _load(self):
        banners, feed, shops, zone = await look(self, _home)
        lang = (await self.get_state(LanguageState)).lang

        def row(p):
            return product_row(p, *shops.get(p.merchant_id, ("", "")), lang=lang)

        self.banners = [BannerBox(str(b.promotion_id), b.title, b.banner, b.shop_name,
                                  i18n.localized(lang, phrase("until {day}", day=local_time.fmt_date(b.ends_at - timedelta(seconds=1), zone, lang))),
                                  [row(p) for p in b.products[:SHOWN]],
                                  [{"slug": m.slug, "name": m.name} for m in b.shops[:SHOWN]]) for b in banners]
        self.strips = [] if feed is None else [
            ProductGroup(i18n.localized(lang, phrase(KIND_LABELS[kind])), [row(p) for p in getattr(feed, kind)[:SHOWN]])
            for kind in ORDER if getattr(feed, kind)]
