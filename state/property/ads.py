"""Ad slots: staff define slots and place house ads (text or image) with dates, and see clicks;
residents see today's ads in a placement, and a click is counted before it leads on."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import parse_amount
from community_hub.models.ads import AdPlacementKind
from community_hub.property import ad_payments, ads
from state.property.common import money, staff_community
from state.property.photos import photo_src, read_uploads
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

PLACEMENTS = [p.value for p in AdPlacementKind]
PLACEMENT_LABELS = {"home_carousel": "Home carousel", "kiosk_attract": "Kiosk screen",
                    "channel_sidebar": "Channel sidebar"}
AD_UPLOAD_ID = "ad-image"


def _page(db, actor):
    cid = staff_community(actor)
    return ads.list_slots(db, cid), ads.ad_report(db, actor, cid), ad_payments.refunds_outstanding(db, actor, cid)


def _today(db, actor):
    return local_time.local_today(actor.time_zone)


def _create_slot(db, actor, **fields):
    return ads.create_slot(db, actor, staff_community(actor), **fields)




class PropertyAdsState(LoadedScreen, rx.State):
    slots: list[dict[str, str]] = []
    report: list[dict[str, str]] = []
    # House ad form (kept in the state: the image goes up with the same click).
    ad_slot: str = ""
    ad_kind: str = "text"
    ad_text: str = ""
    ad_link: str = ""
    ad_from: str = ""
    ad_to: str = ""
    confirm_id: str = ""  # the paid ad whose Take down was pressed once
    reason: str = ""  # told to the merchant when a paid ad is taken down

    async def _load(self):
        slots, rows, retry = await look(self, _page)
        self.slots = [{"id": str(s.id), "name": s.name, "placement": PLACEMENT_LABELS.get(s.placement, s.placement),
                       "capacity": str(s.capacity),
                       "price": money(s.price_per_day_minor, s.currency) if s.price_per_day_minor is not None else "",
                       "points": str(s.price_per_day_points or "")} for s in slots]
        self.report = [_report_row(r, r.booking_id in retry) for r in rows]

    async def _opened(self):
        self.confirm_id = ""
        if not self.ad_from:  # the house-ad form starts on today, in the community's calendar
            today = await look(self, _today)
            self.ad_from, self.ad_to = today.isoformat(), (today + timedelta(days=6)).isoformat()

    set_reason = text_setter("reason", 200)

    @rx.event
    @screen_event
    async def create_slot(self, form: dict):
        points = (form.get("points") or "").strip()
        capacity = (form.get("capacity") or "1").strip()
        if (points and not points.isdigit()) or not capacity.isdigit():
            raise ServiceError("Points and capacity are whole numbers.")
        price = parse_amount(form.get("price"), "USD", "price per day", allow_blank=True)
        await call(self, _create_slot, placement=form.get("placement") or "", name=form.get("name", ""),
                   price_per_day_minor=price, price_per_day_points=int(points) if points else None,
                   capacity=int(capacity))
        self.notice = await in_language(self, phrase("Slot created."))
        await self._load()

    @rx.event
    @screen_event
    async def deactivate(self, slot_id: str):
        await call(self, ads.set_slot_active, row_id(slot_id), False)
        self.notice = await in_language(self, phrase("Slot switched off: nothing shows there now."))
        await self._load()

    @rx.event
    def set_ad(self, key: str, value: str):
        if key in ("ad_slot", "ad_kind", "ad_text", "ad_link", "ad_from", "ad_to"):
            setattr(self, key, str(value)[:500])

    @rx.event
    @screen_event
    async def place(self, files: list[rx.UploadFile]):
        if not self.ad_slot.isdigit():
            raise ServiceError("Choose the slot.")
        images = await read_uploads(files)
        await call(self, ads.place_house_ad, int(self.ad_slot),
                   starts_on=local_time.parse_day(self.ad_from, "first day"),
                   ends_on=local_time.parse_day(self.ad_to, "last day"), kind=self.ad_kind, text=self.ad_text,
                   link=self.ad_link, image=images[0] if images else None)
        self.notice = await in_language(self, phrase("House ad scheduled."))
        self.ad_text = self.ad_link = ""
        yield rx.clear_selected_files(AD_UPLOAD_ID)
        await self._load()

    @rx.event
    @screen_event
    async def cancel(self, booking_id: str):
        """Cancel a booking; a merchant's paid ad asks to confirm, then is taken down and the days
        not yet shown go back to the merchant (card or points). Pressed on a refund that did not go
        through, it sends the refund again."""
        row = next((r for r in self.report if r["id"] == booking_id), None)
        if row is not None and row["paid"] and self.confirm_id != booking_id:
            self.confirm_id = booking_id
            return
        self.confirm_id = ""
        result = await call(self, ad_payments.cancel_ad, row_id(booking_id), reason=self.reason)
        if result.problem:
            self.error = await in_language(self, phrase(
                "The ad is down, but the refund has not gone through yet: {problem} Try again.", problem=result.problem))
        elif result.refund_minor:
            self.notice = await in_language(self, phrase("Ad taken down: {amount} goes back to the merchant.",
                                                          amount=money(result.refund_minor, result.currency)))
        elif result.refund_points:
            self.notice = await in_language(self, phrase("Ad taken down: {points} points go back to the merchant.",
                                                          points=format(result.refund_points, ",")))
        else:
            self.notice = await in_language(self, phrase("Booking cancelled."))
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


def _shown(db, actor, placement: str):
    """Today's ads of the placement, their pictures read from disk here (in the worker thread)."""
    views = ads.ads_to_show(db, actor.community_id, placement) if actor.community_id else []
    return [{"id": str(v.booking_id), "text": v.text, "link": v.link,
             "src": photo_src(v.image_path) if v.image_path else ""} for v in views]


class ResidentAdsState(rx.State):
    """Today's ads in a placement on a resident page."""

    items: list[dict[str, str]] = []
    # Why no ads show (not logged in, a booking gone). Never on the page: no ads is never an error
    # the resident needs to see, so screen_event puts the ServiceError here.
    quiet_error: str = ""

    @rx.event
    @screen_event(busy=False, error="quiet_error")
    async def load(self, placement: str):
        self.items = []  # stays empty when the look is refused
        self.items = await look(self, _shown, str(placement)[:40])

    @rx.event
    @screen_event(busy=False, error="quiet_error")
    async def click(self, booking_id: str):
        if not str(booking_id).isdigit():
            return
        link = await call(self, ads.record_click, int(booking_id))
        if link:
            yield rx.redirect(link)  # another site: the browser leaves; ours: an in-app move
