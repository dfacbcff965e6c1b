"""/checkout/[merchant_id]: delivery or pickup, address, time window, coupon, totals from the
preview service, then Place order (one order per page load, whatever the clicks) and on to the
payment page."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

import reflex as rx

from community_hub import overviews
from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.marketplace import cart, checkout, order_payments
from community_hub.marketplace.cart import money
from state.shared.service_call import acting, reading
from state.shared.session import SessionState

log = logging.getLogger("community_hub.state.checkout")
ASAP = "asap"
WINDOWS = 8  # one-hour windows offered, from the next full local hour


def _windows(zone: str) -> list[dict[str, str]]:
    """Whole local hours, labelled in local time; the value is the UTC start (ISO with +00:00),
    so what reaches the service does not depend on anyone's clock."""
    out = [{"value": ASAP, "label": "As soon as possible"}]
    for s in local_time.next_local_hours(zone, WINDOWS):
        out.append({"value": s.isoformat(), "label": local_time.fmt_window(s, s + timedelta(hours=1), zone)})
    return out


class CheckoutState(rx.State):
    merchant_id: int = 0
    shop_name: str = ""
    lines: list[dict[str, str]] = []
    problems: list[str] = []
    fulfilment: str = "delivery"
    address: str = ""
    window: str = ASAP
    windows: list[dict[str, str]] = []
    coupon: str = ""
    coupon_applied: str = ""
    coupon_error: str = ""
    note: str = ""
    totals: dict[str, str] = {}
    busy: bool = False
    loaded: bool = False
    error: str = ""
    _key: str = ""

    @rx.var
    def empty(self) -> bool:
        return self.loaded and not self.lines

    async def _preview(self) -> None:
        try:
            async with reading(self) as (db, actor):
                t = checkout.preview(db, actor, self.merchant_id, fulfilment=self.fulfilment,
                                     coupon_code=self.coupon_applied or None)
        except ServiceError as exc:
            if exc.code == "coupon":  # show why next to the field, and the totals without it
                self.coupon_error, self.coupon_applied = exc.message, ""
                return await self._preview()
            self.error = exc.message
            return None
        self.totals = {"subtotal": money(t.subtotal_minor, t.currency),
                       "discount": money(-t.discount_minor, t.currency) if t.discount_minor else "",
                       "fee": money(t.delivery_fee_minor, t.currency), "total": money(t.total_minor, t.currency)}
        return None

    @rx.event
    async def load(self):
        self.error, self.coupon_error, self.coupon, self.coupon_applied, self.note = "", "", "", "", ""
        self.busy, self.loaded, self.window, self.fulfilment = False, False, ASAP, "delivery"
        # A fresh reference per visit to this page: clicking Place order twice sends the same one,
        # and the service answers the second click with the first click's order.
        self._key = "co-" + secrets.token_urlsafe(18)
        self.windows = []  # filled in the reader's zone once the cart loads
        try:
            self.merchant_id = int(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        except ValueError:
            self.error = "That shop does not exist."
            return
        await self._load_cart()

    async def _load_cart(self):
        try:
            async with reading(self) as (db, actor):
                view = cart.view_cart(db, actor, self.merchant_id)
                home = overviews.resident_home(db, actor)
        except ServiceError as exc:
            self.error, self.lines = exc.message, []
            self.loaded = True
            return
        if not self.windows:
            self.windows = _windows(actor.time_zone)
        self.shop_name = view.merchant_name
        self.problems = list(view.problems)
        self.lines = [{"name": line.name + (f" ({line.options_text})" if line.options_text else ""),
                       "qty": str(line.quantity), "total": money(line.line_total_minor, view.currency)}
                      for line in view.lines]
        if not self.address:
            self.address = ", ".join(x for x in (home.household, home.community) if x)
        self.loaded = True
        await self._preview()

    @rx.event
    async def set_fulfilment(self, value: str):
        self.fulfilment = value
        await self._preview()

    @rx.event
    def set_address(self, value: str):
        self.address = value

    @rx.event
    def set_window(self, value: str):
        self.window = value

    @rx.event
    def set_coupon(self, value: str):
        self.coupon = value

    @rx.event
    def set_note(self, value: str):
        self.note = value

    @rx.event
    async def apply_coupon(self):
        self.coupon_applied, self.coupon_error = self.coupon.strip().upper(), ""
        await self._preview()

    @rx.event
    async def remove_coupon(self):
        self.coupon_applied, self.coupon, self.coupon_error = "", "", ""
        await self._preview()

    @rx.event
    async def place(self):
        if self.busy:
            return
        self.busy, self.error = True, ""
        yield
        start = end = None
        try:
            if self.window != ASAP:
                start = local_time.parse_input(self.window, "UTC")  # the option's value is UTC ISO
                end = start + timedelta(hours=1)
            async with acting(self) as (db, actor):
                order = checkout.place_order(
                    db, actor, self.merchant_id, idempotency_key=self._key, payment_method="card",
                    fulfilment=self.fulfilment, address=self.address, window_start=start, window_end=end,
                    coupon_code=self.coupon_applied or None, note=self.note)
                order_id = order.id
        except ServiceError as exc:
            self.busy, self.error = False, exc.message
            if exc.code == "price_changed":
                await self._load_cart()  # show the new prices the service put in the cart
            return
        try:
            async with acting(self) as (db, actor):
                payment = order_payments.start_order_payment(db, actor, order_id)
                payment_id = payment.id
        except ServiceError as exc:
            session = await self.get_state(SessionState)
            session.say(f"Order #{order_id} is placed, but the payment could not start: {exc.message} "
                        "Pay from the order page.", "error")
            self.busy = False
            yield rx.redirect(f"/orders/{order_id}")
            return
        self.busy = False
        yield rx.redirect(f"/pay/{payment_id}")
