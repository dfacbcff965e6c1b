"""/shop/[slug]: one shop's page (details, hours, products by section, reviews) with its own title;
public: a visitor reads it without logging in (buying asks for a login, then comes back here)."""

from __future__ import annotations

import re

import reflex as rx

from community_hub.core.i18n import N_, translate
from community_hub.marketplace import catalog, reviews
from community_hub.marketplace.cart import money
from community_hub.site import seo
from state.resident.shop_rows import ProductGroup, product_row, review_cards, review_pictures
from state.shared import router_raw
from state.shared.language import LanguageState
from state.shared.service_call import ScreenState, look, screen_event

DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _page(db, actor, slug: str):
    """The shop's page and its latest reviews, their photos read from disk here (off the loop)."""
    page = catalog.shop_page(db, slug, viewer=actor)
    shown = reviews.latest_shop_reviews(db, page.merchant.id, 10)
    return page, shown, actor.time_zone, review_pictures(shown), seo.may_edit(db, actor, "shop", page.merchant.id)


class ShopPageState(ScreenState, rx.State):
    found: bool = False
    shop: dict[str, str] = {}
    hours: list[str] = []
    sections: list[ProductGroup] = []
    review_rows: list[dict[str, str]] = []
    review_photos: dict[str, list[str]] = {}  # review id -> its photos as data URLs
    seo_title: str = "Shop · Community Hub"
    seo_description: str = ""
    here: str = "/shop"  # this page's path: a visitor's "Log in" comes back to it
    seo_ref: str = ""  # the shop's id when the reader may edit its search-engine fields
    # The community front a visitor came from (/shop/x?from=maple-court): the way back to it.
    came_from: str = ""

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        url = router_raw.url(self)
        slug = url.path.rstrip("/").rsplit("/", 1)[-1][:120]
        self.found, self.sections, self.review_rows = False, [], []
        self.seo_title, self.here, self.seo_ref = "Shop not found · Community Hub", url.path[:200], ""
        origin = str(url.query_parameters.get("from", ""))[:60]
        self.came_from = f"/c/{origin}" if re.fullmatch(r"[a-z0-9-]+", origin) else ""
        page, shown, zone, self.review_photos, editable = await look(self, _page, slug)
        self.seo_ref = str(page.merchant.id) if editable else ""
        m = page.merchant
        lang = (await self.get_state(LanguageState)).lang  # the shop's words in the page's language
        self.found = True
        self.seo_title, self.seo_description = page.seo_title, page.seo_description
        self.shop = {
            "id": str(m.id), "name": m.name, "slug": m.slug, "category": m.category, "address": m.address,
            "description": m.description, "logo": m.logo_url, "banner": m.banner_url, "phone": m.phone,
            "open": translate(lang, "Open now") if page.open_now else translate(lang, "Closed now"),
            "is_open": "1" if page.open_now else "",
            "radius": translate(lang, "Delivers within {km} km", km=f"{m.delivery_radius_m / 1000:g}"),
            "fee": translate(lang, "delivery fee {amount}", amount=money(m.delivery_fee_minor, m.currency)),
            "pickup": translate(lang, "Pickup available") if m.pickup_enabled else translate(lang, "Delivery only"),
            "minimum": translate(lang, "minimum order {amount}", amount=money(m.min_order_minor, m.currency)),
            "rating": (translate(lang, "{stars} ★ from {count} reviews", stars=f"{m.rating_avg:.1f}", count=f"{m.rating_count:,}")
                       if m.rating_count != 1 else translate(lang, "{stars} ★ from 1 review", stars=f"{m.rating_avg:.1f}"))
            if m.rating_count else translate(lang, "No reviews yet"),
        }
        self.hours = [f"{translate(lang, DAYS[h.weekday])} {_clock(h.opens_min)}–{_clock(h.closes_min)}" for h in page.hours]
        names = {s.id: s.name for s in page.sections}
        order = [s.id for s in page.sections] + [None]
        grouped: dict = {}
        for p in page.products:
            grouped.setdefault(p.section_id if p.section_id in names else None, []).append(p)
        self.sections = [
            ProductGroup(names.get(sid, translate(lang, "Products") if len(grouped) == 1 else translate(lang, "Other")),
                         [product_row(p, lang=lang) for p in grouped[sid]])
            for sid in order if sid in grouped
        ]
        self.review_rows = review_cards(shown, zone)
