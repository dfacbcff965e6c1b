"""Merchant: buy ad slots — choose a slot and dates, a text or image ad, then pay by card or with
the shop's points; cancel a paid ad before its first day for a refund."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from community_hub.core import i18n, local_time
from community_hub.core.errors import ContinueElsewhere, ServiceError
from community_hub.core.i18n import phrase
from community_hub.payments import points
from community_hub.payments.card_details import card_typed_here
from community_hub.property import ad_payments, ads
from state.merchant.common import money, shop_id
from state.property.ads import PLACEMENT_LABELS
from state.property.photos import read_uploads
from state.shared.language import LanguageState, in_language
from state.shared.service_call import ScreenState, call, look, row_id, screen_event

AD_IMAGE_UPLOAD_ID = "merchant-ad-image"


def _page(db, actor):
    mid = shop_id(actor)
    return (ad_payments.slots_for_sale(db, actor, mid), ads.my_bookings(db, actor, mid),
            points.balance(db, f"merchant:{mid}"), points.history(db, actor, f"merchant:{mid}", limit=10),
            local_time.local_today(actor.time_zone))


def _today(db, actor):
    return local_time.local_today(actor.time_zone)


def _book(db, actor, slot_id: int, by_points: bool, content: dict):
    if by_points:
        return ad_payments.book_with_points(db, actor, slot_id, shop_id(actor), **content)
    return ads.book_slot(db, actor, slot_id, shop_id(actor), pay_with="money", **content)




class MerchantAdsState(ScreenState, rx.State):
    slots: list[dict[str, str]] = []
    bookings: list[dict[str, str]] = []
    slot_id: str = ""
    kind: str = "text"
    starts: str = ""
    ends: str = ""
    text: str = ""
    link: str = ""
    card: str = ""
    pay_with: str = "card"  # card | points
    points_balance: str = "0"
    points_moves: list[dict[str, str]] = []
    confirm_id: str = ""  # the paid booking whose Cancel was pressed once (asks to confirm)

    async def _load(self):
        offers, mine, balance, moves, today = await look(self, _page)
        lang = (await self.get_state(LanguageState)).lang
        self.slots = [_slot_row(o, lang) for o in offers]
        self.bookings = [_booking_row(b, today, lang) for b in mine]
        self.points_balance = f"{balance:,}"
        self.points_moves = [{"at": m.at.strftime("%Y-%m-%d"), "what": i18n.localized(lang, m.label),
                              "points": f"{m.points:+,}", "memo": m.memo} for m in moves]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.confirm_id = ""
        self.busy = False
        today = await look(self, _today)
        self.starts, self.ends = today.isoformat(), (today + timedelta(days=2)).isoformat()
        await self._load()

    @rx.event
    def set_value(self, key: str, value: str):
        if key in ("slot_id", "kind", "starts", "ends", "text", "link", "card", "pay_with"):
            setattr(self, key, str(value)[:500])

    async def _pay(self, booking_id: int) -> bool:
        try:
            payment = await call(self, ad_payments.pay_ad, booking_id, self.card)
        except ContinueElsewhere:
            raise  # not a refusal: with Stripe the card is typed on its page, /pay/<id> (screen_event goes there)
        except ServiceError as exc:
            self.error = await in_language(self, phrase(
                "Booking #{id} is held for 30 minutes but not paid: {problem}", id=booking_id, problem=exc.message))
            return False
        self.notice = await in_language(self, phrase("Paid {amount}: your ad is scheduled.",
                                                     amount=money(payment.captured_minor, payment.currency)))
        return True

    @rx.event
    @screen_event
    async def book(self, files: list[rx.UploadFile]):
        """Book the dates and pay at once: with points (scheduled in the same step) or by card
        (the dates are held while unpaid, so a declined card can be retried)."""
        by_points = self.pay_with == "points"
        if not self.slot_id.isdigit():
            raise ServiceError(phrase("Choose a slot."))
        if not by_points and card_typed_here() and not self.card.strip():  # with Stripe: typed on its page
            raise ServiceError(phrase("Enter the card number to pay with."))
        images = await read_uploads(files)
        content = dict(starts_on=local_time.parse_day(self.starts, phrase("first day")),
                       ends_on=local_time.parse_day(self.ends, phrase("last day")),
                       kind=self.kind, text=self.text, link=self.link,
                       image=images[0] if self.kind == "image" and images else None)
        booking = await call(self, _book, int(self.slot_id), by_points, content)
        if by_points:
            self.notice = await in_language(self, phrase("Paid {points} points: your ad is scheduled.",
                                                         points=f"{booking.price_points:,}"))
            done = True
        else:
            done = await self._pay(booking.id)
        if done:
            self.text = self.link = ""
            yield rx.clear_selected_files(AD_IMAGE_UPLOAD_ID)
        await self._load()

    @rx.event
    @screen_event
    async def pay(self, booking_id: str):
        """Pay a booking still held (a declined card earlier), with the card in the field."""
        await self._pay(row_id(booking_id))
        await self._load()

    @rx.event
    @screen_event
    async def cancel(self, booking_id: str):
        """Cancel a booking. A paid one asks to confirm first (the second press cancels and refunds)."""
        row = next((b for b in self.bookings if b["id"] == booking_id), None)
        if row is not None and row["paid"] and self.confirm_id != booking_id:
            self.confirm_id = booking_id
            return
        self.confirm_id = ""
        result = await call(self, ad_payments.cancel_ad, row_id(booking_id))
        if result.problem:
            self.error = await in_language(self, phrase(
                "Booking cancelled, but the refund has not gone through yet: {problem}", problem=result.problem))
        elif result.refund_minor:
            self.notice = await in_language(self, phrase("Booking cancelled: {amount} goes back to your card.",
                                                         amount=money(result.refund_minor, result.currency)))
        elif result.refund_points:
            self.notice = await in_language(self, phrase("Booking cancelled: {points} points are back in your balance.",
                                                         points=f"{result.refund_points:,}"))
        else:
            self.notice = await in_language(self, phrase("Booking cancelled; its dates are free again."))
        await self._load()


def _slot_row(o: ad_payments.SlotOffer, lang: str) -> dict[str, str]:
    def tr(text):
        return i18n.localized(lang, text)
    prices = ([tr(phrase("{price}/day", price=money(o.price_per_day_minor, o.currency)))]
              if o.price_per_day_minor is not None else [])
    if o.price_per_day_points is not None:
        prices.append(tr(phrase("{points} points/day", points=f"{o.price_per_day_points:,}")))
    joiner = tr(phrase(" or "))
    return {"id": str(o.slot_id), "name": o.name, "community": o.community,
            "placement": tr(PLACEMENT_LABELS.get(o.placement, o.placement)),
            "label": f"{o.name} · {o.community} · {joiner.join(prices)}",
            "price": money(o.price_per_day_minor, o.currency) if o.price_per_day_minor is not None else "—",
            "points": f"{o.price_per_day_points:,}" if o.price_per_day_points is not None else "—"}


def _booking_row(b: ads.AdReportRow, today: date, lang: str) -> dict[str, str]:
    def tr(text):
        return i18n.localized(lang, text)
    paid = b.status == "scheduled" and today < b.starts_on  # the merchant may still call it off
    if b.refund_minor:
        refund = tr(phrase("{amount} refunded", amount=money(b.refund_minor, b.currency)))
    elif b.refund_points:
        refund = tr(phrase("{points} points returned", points=f"{b.refund_points:,}"))
    else:
        refund = ""
    return {"id": str(b.booking_id), "slot": b.slot, "status": tr(b.status.replace("_", " ")),
            "pending": "1" if b.status == "pending_payment" else "", "paid": "1" if paid else "",
            "dates": f"{b.starts_on.isoformat()} → {b.ends_on.isoformat()}",
            "price": money(b.price_minor, b.currency) if b.price_minor else tr(phrase("{count} points", count=f"{b.price_points:,}")),
            "refund": refund, "clicks": str(b.clicks)}
