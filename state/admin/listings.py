"""Admin: list a shop from public information (unclaimed until its owner verifies), and see which
listings are still unclaimed and which were claimed, by whom."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import applications as apps
from community_hub.marketplace import claims as listing_claims
from state.merchant.apply import CATEGORIES
from state.shared.service_call import acting, reading

PAGE_SIZE = 20
TABS = ["unclaimed", "claimed"]


def _coord(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ServiceError(f"The {what} must be a number like 40.7128 (copy it from a map).") from None


class AdminListingsState(rx.State):
    tab: str = "unclaimed"
    tabs: list[str] = TABS
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 1
    categories: list[str] = CATEGORIES
    # Bumped after a listing is created so the uncontrolled form inputs remount empty.
    form_key: int = 0
    error: str = ""
    notice: str = ""
    busy: bool = False

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                found, self.total = listing_claims.admin_listings(db, actor, claimed=self.tab == "claimed",
                                                                  page=self.page, page_size=PAGE_SIZE)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"id": str(r.id), "name": r.name, "category": r.category, "address": r.address,
                      "contact": r.contact, "claimed_by": r.claimed_by, "claimed_at": r.claimed_at} for r in found]

    @rx.event
    async def load(self):
        self.page, self.error, self.notice = 1, "", ""
        await self._load()

    @rx.event
    async def set_tab(self, tab: str):
        self.tab, self.page = tab if tab in TABS else "unclaimed", 1
        await self._load()

    @rx.event
    async def goto(self, page: int):
        self.page = min(max(1, page), self.pages)
        await self._load()

    @rx.event
    async def create(self, form: dict):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        try:
            text = {k: (form.get(k) or "").strip() for k in ("name", "category", "address", "lat", "lon", "phone",
                                                              "contact_email")}
            lat, lon = _coord(text["lat"], "latitude"), _coord(text["lon"], "longitude")
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ServiceError("The latitude must be between -90 and 90 and the longitude between -180 and 180.")
            async with acting(self) as (db, actor):
                m = apps.create_unclaimed_listing(db, actor, name=text["name"], category=text["category"],
                                                  address=text["address"], lat=lat, lon=lon, phone=text["phone"],
                                                  contact_email=text["contact_email"])
                done = f"{m.name} is listed (unclaimed); its owner can claim it at /merchant/claim."
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy, self.notice, self.form_key = False, done, self.form_key + 1
        self.tab, self.page = "unclaimed", 1
        await self._load()
