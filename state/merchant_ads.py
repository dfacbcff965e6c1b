"""Merchant: buy ad slots — choose a slot and dates, a text or image ad, then pay by card."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from community_hub.models.base import utcnow
from community_hub.services import ad_payments, ads
from community_hub.services.errors import ServiceError
from state.merchant_common import money, shop_id
from state.property_photos import read_uploads
from state.service_call import acting, reading

AD_IMAGE_UPLOAD_ID = "merchant-ad-image"
PLACEMENT_LABELS = {"home_carousel": "Home carousel", "kiosk_attract": "Kiosk screen",
                    "channel_sidebar": "Channel sidebar"}


def _day(text: str, what: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ServiceError(f"Choose the {what} (a date like 2026-12-31).") from None


class MerchantAdsState(rx.State):
    slots: list[dict[str, str]] = []
    bookings: list[dict[str, str]] = []
    slot_id: str = ""
    kind: str = "text"
    starts: str = ""
    ends: str = ""
    text: str = ""
    link: str = ""
    card: str = ""
    error: str = ""
    notice: str = ""
    busy: bool = False

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                mid = shop_id(actor)
                offers = ad_payments.slots_for_sale(db, actor, mid)
                mine = ads.my_bookings(db, actor, mid)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.slots = [{"id": str(o.slot_id), "name": o.name, "community": o.community,
                       "placement": PLACEMENT_LABELS.get(o.placement, o.placement),
                       "label": f"{o.name} · {o.community} · {money(o.price_per_day_minor, o.currency)}/day",
                       "price": money(o.price_per_day_minor, o.currency)} for o in offers]
        self.bookings = [{"id": str(b.booking_id), "slot": b.slot, "status": b.status.replace("_", " "),
                          "pending": "1" if b.status == "pending_payment" else "",
                          "dates": f"{b.starts_on.isoformat()} → {b.ends_on.isoformat()}",
                          "price": money(b.price_minor) if b.price_minor else f"{b.price_points} points",
                          "clicks": str(b.clicks)} for b in mine]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.busy = False
        today = utcnow().date()
        self.starts, self.ends = today.isoformat(), (today + timedelta(days=2)).isoformat()
        await self._load()

    @rx.event
    def set_value(self, key: str, value: str):
        if key in ("slot_id", "kind", "starts", "ends", "text", "link", "card"):
            setattr(self, key, value)

    async def _pay(self, booking_id: int) -> bool:
        try:
            async with acting(self) as (db, actor):
                payment = ad_payments.pay_ad(db, actor, booking_id, self.card)
                paid = money(payment.captured_minor, payment.currency)
        except ServiceError as exc:
            self.error = f"Booking #{booking_id} is held for 30 minutes but not paid: {exc.message}"
            return False
        self.notice = f"Paid {paid}: your ad is scheduled."
        return True

    @rx.event
    async def book(self, files: list[rx.UploadFile]):
        """Book the dates (held while unpaid), then pay at once with the card given."""
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        try:
            if not self.slot_id.isdigit():
                raise ServiceError("Choose a slot.")
            if not self.card.strip():
                raise ServiceError("Enter the card number to pay with.")
            images = await read_uploads(files)
            async with acting(self) as (db, actor):
                booking = ads.book_slot(db, actor, int(self.slot_id), shop_id(actor),
                                        starts_on=_day(self.starts, "first day"), ends_on=_day(self.ends, "last day"),
                                        kind=self.kind, pay_with="money", text=self.text, link=self.link,
                                        image=images[0] if self.kind == "image" and images else None)
                booking_id = booking.id
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        if await self._pay(booking_id):
            self.text = self.link = ""
            yield rx.clear_selected_files(AD_IMAGE_UPLOAD_ID)
        self.busy = False
        await self._load()

    @rx.event
    async def pay(self, booking_id: str):
        """Pay a booking still held (a declined card earlier), with the card in the field."""
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        await self._pay(int(booking_id))
        self.busy = False
        await self._load()

    @rx.event
    async def cancel(self, booking_id: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                ads.cancel_booking(db, actor, int(booking_id))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Booking cancelled; its dates are free again."
        await self._load()
