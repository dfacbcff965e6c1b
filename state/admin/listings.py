"""Admin: list a shop from public information (unclaimed until its owner verifies), and see which
listings are still unclaimed and which were claimed, by whom."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import applications as apps
from community_hub.marketplace import claims as listing_claims
from state.merchant.apply import CATEGORIES
from state.shared.language import in_language
from state.shared.paged_list import PagedList
from state.shared.service_call import call, look, screen_event

PAGE_SIZE = 20
TABS = ["unclaimed", "claimed"]


def _coord(text: str, what: str) -> float:
    try:
        value = float(text)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(text)
        return value
    except ValueError:
        raise ServiceError(phrase("The {what} must be a number like 40.7128 (copy it from a map).",
                                  what=phrase(what))) from None


class AdminListingsState(PagedList, rx.State):
    _page_size: int = PAGE_SIZE
    tab: str = "unclaimed"
    tabs: list[str] = TABS
    rows: list[dict[str, str]] = []
    categories: list[str] = CATEGORIES
    # Bumped after a listing is created so the uncontrolled form inputs remount empty.
    form_key: int = 0

    async def _load(self):
        self.rows = []
        found, self.total = await look(self, listing_claims.admin_listings, claimed=self.tab == "claimed",
                                       page=self.page, page_size=PAGE_SIZE)
        self.rows = [{"id": str(r.id), "name": r.name, "category": r.category, "address": r.address,
                      "contact": r.contact, "claimed_by": r.claimed_by, "claimed_at": r.claimed_at} for r in found]

    @rx.event
    @screen_event(busy=False)
    async def set_tab(self, tab: str):
        self.tab, self.page = tab if tab in TABS else "unclaimed", 1
        await self._load()

    @rx.event
    @screen_event
    async def create(self, form: dict):
        text = {k: (form.get(k) or "").strip() for k in ("name", "category", "address", "lat", "lon", "phone",
                                                          "contact_email")}
        lat, lon = _coord(text["lat"], phrase("latitude")), _coord(text["lon"], phrase("longitude"))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ServiceError("The latitude must be between -90 and 90 and the longitude between -180 and 180.")
        m = await call(self, apps.create_unclaimed_listing, name=text["name"], category=text["category"],
                       address=text["address"], lat=lat, lon=lon, phone=text["phone"],
                       contact_email=text["contact_email"])
        self.notice = await in_language(self, phrase(
            "{name} is listed (unclaimed); its owner can claim it at /merchant/claim.", name=m.name))
        self.form_key += 1
        self.tab, self.page = "unclaimed", 1
        await self._load()
