"""/shop: the 10-minute business circle (nearest first, category chips, a map with a labelled
marker per shop) and the circle's featured products (pinned, hot, discounted, recommended, new)."""

from __future__ import annotations

import re

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import catalog, circle
from state.resident.shop_rows import ProductGroup, product_row, shop_row
from state.shared.language import LanguageState, in_language
from state.shared.service_call import ScreenState, call, look, screen_event

_SLUG = re.compile(r"^[a-z0-9-]{1,80}$")


def _circle(db, actor):
    """Everything the page shows, in one read."""
    return (circle.my_community(db, actor), circle.my_circle(db, actor),
            catalog.list_favourites(db, actor), catalog.my_home_feed(db, actor))


class ShopCircleState(ScreenState, rx.State):
    shops: list[dict[str, str]] = []
    categories: list[str] = []
    category: str = ""
    markers: list[dict[str, str]] = []  # the community ("home") and each listed shop, for the map
    center_lat: float = 0.0
    center_lon: float = 0.0
    radius_m: float = 0.0
    feed: list[ProductGroup] = []
    saved_shops: list[dict[str, str]] = []
    saved_products: list[dict[str, str]] = []
    community: str = ""
    loading: bool = False

    async def _load(self):
        self.shops, self.markers, self.feed = [], [], []
        community, everyone, favs, feed = await look(self, _circle)
        lang = (await self.get_state(LanguageState)).lang  # the cards' words in the page's language
        shown = [c for c in everyone if not self.category or c.merchant.category == self.category]
        fav_shops = {m.id for m in favs.merchants}
        fav_products = {p.id for p in favs.products}
        self.community = community.name
        self.categories = sorted({c.merchant.category for c in everyone})
        self.shops = [shop_row(c.merchant, c.distance_m, c.walk_minutes, c.merchant.id in fav_shops, lang)
                      for c in shown]
        self.markers = self._markers(community, shown)
        names = {c.merchant.id: (c.merchant.name, c.merchant.slug) for c in everyone}

        def rows(products):
            return [product_row(p, *names.get(p.merchant_id, ("", "")), favourite=p.id in fav_products, lang=lang)
                    for p in products if p.merchant_id in names][:6]

        by_id = {c.merchant.id: c for c in everyone}
        self.saved_shops = [shop_row(m, by_id[m.id].distance_m, by_id[m.id].walk_minutes, lang=lang) if m.id in by_id
                            else shop_row(m, lang=lang) for m in favs.merchants]
        self.saved_products = [product_row(p, *names.get(p.merchant_id, ("", "")), lang=lang) for p in favs.products]
        sections = [("Pinned", feed.pinned), ("Hot right now", feed.hot), ("On offer", feed.discounted),
                    ("Recommended", feed.recommended), ("New in", feed.new)]
        self.feed = [ProductGroup(title, rows(items)) for title, items in sections if rows(items)]

    def _markers(self, community, shown) -> list[dict[str, str]]:
        """The community at the centre of its walking circle, and a marker per shop listed."""
        self.center_lat, self.center_lon = community.lat, community.lon
        self.radius_m = circle.circle_radius_m(community)
        home = {"id": community.slug, "name": community.name, "lat": str(community.lat), "lon": str(community.lon),
                "kind": "home", "minutes": ""}
        return [home] + [{"id": c.merchant.slug, "name": c.merchant.name, "lat": str(c.merchant.lat),
                          "lon": str(c.merchant.lon), "kind": "shop", "minutes": f"{c.walk_minutes:g} min"}
                         for c in shown]

    @rx.event
    def open_shop(self, slug: str):
        """A shop's marker was tapped: open its page."""
        slug = str(slug)
        if _SLUG.match(slug):
            return rx.redirect("/shop/" + slug)

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.category = ""
        self.loading = True
        try:
            await self._load()
        finally:
            self.loading = False

    @rx.event
    @screen_event(busy=False)
    async def pick_category(self, category: str):
        self.category = "" if category == self.category else str(category)[:60]
        await self._load()

    @rx.event
    @screen_event
    async def toggle_shop_favourite(self, merchant_id: str):
        if not str(merchant_id).isdigit():
            raise ServiceError("That shop is not on this page any more. Reload the page.")
        now = await call(self, catalog.toggle_favourite, merchant_id=int(merchant_id))
        self.notice = await in_language(self, phrase("Shop saved to your favourites.") if now
                                        else phrase("Shop removed from your favourites."))
        await self._load()
