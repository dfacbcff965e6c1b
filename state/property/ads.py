"""Ad slots: staff define slots and place house ads (text or image) with dates, and see clicks;
residents see today's ads in a placement, and a click is counted before it leads on."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.models.ads import AdPlacementKind
from community_hub.property import ad_payments, ads
from state.property.common import money, staff_community
from state.property.photos import photo_src, read_uploads
from state.shared.service_call import acting, reading

PLACEMENTS = [p.value for p in AdPlacementKind]
PLACEMENT_LABELS = {"home_carousel": "Home carousel", "kiosk_attract": "Kiosk screen",
                    "channel_sidebar": "Channel sidebar"}
AD_UPLOAD_ID = "ad-image"


class PropertyAdsState(rx.State):
    slots: list[dict[str, str]] = []
    report: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    # House ad form (kept in the state: the image goes up with the same click).
    ad_slot: str = ""
    ad_kind: str = "text"
    ad_text: str = ""
    ad_link: str = ""
    ad_from: str = ""
    ad_to: str = ""
    busy: bool = False
    confirm_id: str = ""  # the paid ad whose Take down was pressed once
    reason: str = ""  # told to the merchant when a paid ad is taken down

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                cid = staff_community(actor)
                slots = ads.list_slots(db, cid)
                rows = ads.ad_report(db, actor, cid)
                retry = ad_payments.refunds_outstanding(db, actor, cid)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.slots = [{"id": str(s.id), "name": s.name, "placement": PLACEMENT_LABELS.get(s.placement, s.placement), "capacity": str(s.capacity),
                       "price": money(s.price_per_day_minor, s.currency) if s.price_per_day_minor is not None else "",
                       "points": str(s.price_per_day_points or "")} for s in slots]
        self.report = [_report_row(r, r.booking_id in retry) for r in rows]

    @rx.event
    async def load(self):
        self.error = self.notice = self.confirm_id = ""
        if not self.ad_from:  # the house-ad form starts on today, in the community's calendar
            async with reading(self) as (_, actor):
                today = local_time.local_today(actor.time_zone)
            self.ad_from, self.ad_to = today.isoformat(), (today + timedelta(days=6)).isoformat()
        await self._load()

    @rx.event
    def set_reason(self, value: str):
        self.reason = value[:200]

    @rx.event
    async def create_slot(self, form: dict):
        self.error = self.notice = ""
        try:
            price = (form.get("price") or "").strip()
            points = (form.get("points") or "").strip()
            capacity = (form.get("capacity") or "1").strip()
            if (price and not price.replace(".", "", 1).isdigit()) or (points and not points.isdigit()) \
                    or not capacity.isdigit():
                raise ServiceError("Prices and capacity are numbers.")
            async with acting(self) as (db, actor):
                ads.create_slot(db, actor, staff_community(actor), placement=form.get("placement") or "",
                                name=form.get("name", ""), price_per_day_minor=round(float(price) * 100) if price else None,
                                price_per_day_points=int(points) if points else None, capacity=int(capacity))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Slot created."
        await self._load()

    @rx.event
    async def deactivate(self, slot_id: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                ads.set_slot_active(db, actor, int(slot_id), False)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Slot switched off: nothing shows there now."
        await self._load()

    @rx.event
    def set_ad(self, key: str, value: str):
        if key in ("ad_slot", "ad_kind", "ad_text", "ad_link", "ad_from", "ad_to"):
            setattr(self, key, value)

    @rx.event
    async def place(self, files: list[rx.UploadFile]):
        self.error = self.notice = ""
        self.busy = True
        yield
        try:
            images = await read_uploads(files)
            if not self.ad_slot.isdigit():
                raise ServiceError("Choose the slot.")
            async with acting(self) as (db, actor):
                ads.place_house_ad(db, actor, int(self.ad_slot),
                                   starts_on=local_time.parse_day(self.ad_from, "first day"),
                                   ends_on=local_time.parse_day(self.ad_to, "last day"), kind=self.ad_kind,
                                   text=self.ad_text,
                                   link=self.ad_link, image=images[0] if images else None)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy, self.notice = False, "House ad scheduled."
        self.ad_text = self.ad_link = ""
        yield rx.clear_selected_files(AD_UPLOAD_ID)
        await self._load()

    @rx.event
    async def cancel(self, booking_id: str):
        """Cancel a booking; a merchant's paid ad asks to confirm, then is taken down and the days
        not yet shown go back to the merchant (card or points). Pressed on a refund that did not go
        through, it sends the refund again."""
        self.error = self.notice = ""
        row = next((r for r in self.report if r["id"] == booking_id), None)
        if row is not None and row["paid"] and self.confirm_id != booking_id:
            self.confirm_id = booking_id
            return
        self.confirm_id = ""
        try:
            async with acting(self) as (db, actor):
                result = ad_payments.cancel_ad(db, actor, int(booking_id), reason=self.reason)
        except ServiceError as exc:
            self.error = exc.message
            return
        if result.problem:
            self.error = f"The ad is down, but the refund has not gone through yet: {result.problem} Try again."
        elif result.refund_minor:
            self.notice = f"Ad taken down: {money(result.refund_minor, result.currency)} goes back to the merchant."
        elif result.refund_points:
            self.notice = f"Ad taken down: {result.refund_points:,} points go back to the merchant."
        else:
            self.notice = "Booking cancelled."
        self.reason = ""
        await self._load()


def _report_row(r: ads.AdReportRow, retry: bool) -> dict[str, str]:
    if r.refund_minor:
        refund = f"{money(r.refund_minor, r.currency)} back" + (" (not sent yet)" if retry else "")
    elif r.refund_points:
        refund = f"{r.refund_points:,} points back"
    else:
        refund = ""
    paid_by_merchant = r.merchant_id is not None and r.status == "scheduled"
    return {"id": str(r.booking_id), "slot": r.slot, "who": r.merchant or "house ad",
            "dates": f"{r.starts_on.isoformat()} to {r.ends_on.isoformat()}", "status": r.status.replace("_", " "),
            "price": (money(r.price_minor, r.currency) if r.price_minor else
                      f"{r.price_points:,} points" if r.price_points else ""),
            "refund": refund, "clicks": str(r.clicks), "paid": "1" if paid_by_merchant else "",
            "can_cancel": "1" if r.status != "cancelled" else "", "retry": "1" if retry else ""}


class ResidentAdsState(rx.State):
    """Today's ads in a placement on a resident page."""

    items: list[dict[str, str]] = []

    @rx.event
    async def load(self, placement: str):
        try:
            async with reading(self) as (db, actor):
                views = ads.ads_to_show(db, actor.community_id, placement) if actor.community_id else []
        except ServiceError:
            views = []
        self.items = [{"id": str(v.booking_id), "text": v.text, "link": v.link,
                       "src": photo_src(v.image_path) if v.image_path else ""} for v in views]

    @rx.event
    async def click(self, booking_id: str):
        try:
            async with acting(self) as (db, actor):
                link = ads.record_click(db, actor, int(booking_id))
        except ServiceError:
            return
        if link:
            return rx.redirect(link)  # another site: the browser leaves; ours: an in-app move
