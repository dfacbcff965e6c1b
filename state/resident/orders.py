"""/orders and /orders/[order_id]: the resident's orders and one order, both following the shop's
moves live: a background loop reads a cheap version and reloads when it changes (the list every
second; the order page when the order's change bell rings, core/change_bell.py)."""

from __future__ import annotations

import time

import reflex as rx

from community_hub.core import change_bell, local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.qr_images import png_data_uri
from community_hub.marketplace import (
    order_payments,
    order_photos,
    orders,
    reviews,
)
from community_hub.marketplace.cart import money
from community_hub.marketplace.made_to_order import money as made_to_order_money
from community_hub.marketplace.made_to_order import terms as made_to_order_terms
from community_hub.marketplace.made_to_order import work as made_to_order
from state.property.photos import read_uploads
from state.resident.shop_rows import when
from state.shared import router_raw, tab_visits
from state.shared.language import LanguageState, in_language
from state.shared.live_watch import FALLBACK_SECONDS, ClosedTab, LiveWatch, wait_for_change
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import ScreenState, call, look, look_as, screen_event
from state.shared.session_token import session_token
from state.shared.setters import text_setter

POLL_SECONDS = 1.0
# A tab closed without leaving the page cannot say so: stop watching after an hour (a reload restarts it).
WATCH_SECONDS = 3600
MAX_PHOTOS = order_photos.MAX_PHOTOS
TEXT_LIMIT = 1000  # the services say the real limits; this keeps junk out of the state
BADGE = {"placed": "orange", "paid": "blue", "accepted": "blue", "preparing": "blue", "out_for_delivery": "violet",
         "ready_for_pickup": "violet", "delivered": "green", "signed": "green", "settled": "green",
         "cancelled": "gray", "rejected": "red", "refunded": "gray", "disputed": "red"}


def _order_versions(db, actor, order_id: int) -> tuple:
    """What moves when anyone changes the order: (state, last event) and its refunds."""
    return order_payments.order_page_versions(db, actor, order_id)


def _mine(db, actor):
    return orders.my_orders_with_shops(db, actor), actor.time_zone, orders.my_orders_version(db, actor)


def _order(db, actor, order_id: int):
    """Everything the order page shows, in one read (the pickup QR drawn here, off the event loop)."""
    view = orders.get_order(db, actor, order_id)
    qr = png_data_uri(view.pickup_qr, scale=6) if view.pickup_qr else ""
    # Made to order (issue 20): what happens to the deposit if the resident cancels now.
    terms = made_to_order.cancel_terms(db, actor, order_id) if view.order.deposit_minor else None
    made = (terms, made_to_order_money.balance_version_of(view.order))
    refunds, refunds_version = order_payments.refunds_and_version(db, actor, order_id)
    return view, refunds, reviews.my_review(db, actor, order_id), refunds_version, actor.time_zone, qr, made


class ResidentOrdersState(LoadedScreen, LiveWatch, rx.State):
    """The orders list, live: a shop accepting or sending out an order changes its badge here."""

    rows: list[dict[str, str]] = []
    loaded: bool = False

    async def _load(self) -> None:
        mine, zone, version = await look(self, _mine)
        self._seen_version = repr(version)
        self.rows = [{"id": str(o.id), "shop": shop, "state": await in_language(self, orders.STATE_LABELS[o.state]), "code": o.state,
                      "color": BADGE.get(o.state, "gray"), "total": money(o.total_minor, o.currency),
                      "at": when(o.created_at, zone)} for o, shop in mine]
        self.loaded = True

    async def _opened(self):
        self.rows = []

    @rx.event(background=True)
    async def watch(self, gen: int):
        await self._follow_version(gen, "/orders", POLL_SECONDS, orders.my_orders_version, (), self._load,
                                   keys=orders.my_orders_keys)


class OrderPageState(ScreenState, LiveWatch, rx.State):
    order_id: int = 0
    found: bool = False
    state: str = ""
    state_label: str = ""
    shop_name: str = ""
    summary: dict[str, str] = {}
    lines: list[dict[str, str]] = []
    timeline: list[dict[str, str]] = []
    actions: list[str] = []
    refunds: list[dict[str, str]] = []
    review: dict[str, str] = {}
    pickup_qr: str = ""
    pickup_qr_image: str = ""  # the same as a QR code: the shop's scanner or the lobby kiosk reads it
    # Made to order: deposit, balance, balance_state (due/paid/later), rule, cancel_text, can_cancel.
    made: dict[str, str] = {}
    # forms
    dispute_open: bool = False
    dispute_reason: str = ""
    dispute_photos: list[str] = []
    review_photos: list[str] = []
    cancel_open: bool = False
    cancel_reason: str = ""
    rating: str = "5"
    review_text: str = ""
    _version: int = -1
    _refunds_version: int = -1
    _made_version: str = ""

    @rx.var
    def can_sign(self) -> bool:
        return "signed" in self.actions

    @rx.var
    def can_dispute(self) -> bool:
        return "disputed" in self.actions

    @rx.var
    def can_cancel(self) -> bool:
        return "cancelled" in self.actions or self.made.get("can_cancel", "") == "1"

    @rx.var
    def can_pay(self) -> bool:
        return self.state == "placed"

    @rx.var
    def has_review(self) -> bool:
        return bool(self.review)

    @rx.var
    def can_review(self) -> bool:
        return self.state in ("signed", "settled") and not self.review

    async def _load(self) -> None:
        try:
            view, refunds, review, self._refunds_version, zone, self.pickup_qr_image, (terms, self._made_version) = (
                await look(self, _order, self.order_id))
        except ServiceError:
            self.found = False
            raise
        o = view.order
        self.found = True
        self.state, self.shop_name = o.state, view.shop_name
        # Words a person reads (the state, how, when, the steps) in their language; names and amounts as they are.
        self.state_label = await in_language(self, orders.STATE_LABELS[o.state])
        window = ""
        if o.window_start and o.window_end:
            window = local_time.fmt_window(o.window_start, o.window_end, zone,
                                           lang=(await self.get_state(LanguageState)).lang)
        elif o.window_end:
            window = await in_language(self, phrase("by {time}", time=when(o.window_end, zone)))
        self.summary = {
            "how": await in_language(self, phrase("Delivery") if o.fulfilment == "delivery"
                                     else phrase("Pickup at the shop")),
            "address": o.address, "window": window or await in_language(self, phrase("As soon as possible")),
            "subtotal": money(o.subtotal_minor, o.currency),
            "discount": money(-o.discount_minor, o.currency) if o.discount_minor else "",
            "fee": money(o.delivery_fee_minor, o.currency), "total": money(o.total_minor, o.currency),
            "payment": await in_language(self, {"card": phrase("card"), "wallet": phrase("wallet")}.get(
                o.payment_method, o.payment_method)),
            "paid": "yes" if o.payment_ref else "", "courier": f"{o.courier_name} {o.courier_phone}".strip(),
            "pickup_code": o.pickup_code or "", "placed": when(o.created_at, zone), "color": BADGE.get(o.state, "gray"),
        }
        self.lines = [{"name": line.name, "options": line.options_text, "qty": str(line.quantity),
                       "total": money(line.line_total_minor, o.currency)} for line in view.lines]
        self.timeline = [{"state": step.state, "label": (await in_language(self, step.label)).capitalize(), "at": when(step.at, zone),
                          "by": step.by_role, "note": step.note if step.by_role != "payments" else "",
                          "photos": str(len(step.photos)) if step.photos else ""}
                         for step in view.timeline]
        self.actions = list(view.actions)
        self.pickup_qr = view.pickup_qr or ""
        self.refunds = [{"amount": money(r.amount_minor, r.currency), "status": r.status, "reason": r.reason,
                         "at": when(r.at, zone)} for r in refunds]
        self.review = ({"stars": "★" * review.rating + "☆" * (5 - review.rating), "text": review.text,
                        "reply": review.reply_text} if review else {})
        self._version = view.version
        self.made = await self._made(o, terms)

    async def _made(self, o, terms) -> dict[str, str]:
        if terms is None:
            return {}
        balance_state = ("paid" if o.balance_paid_at else "due" if made_to_order_money.balance_due(o) else "later")
        return {"deposit": money(o.deposit_minor, o.currency), "balance": money(o.balance_minor, o.currency),
                "balance_state": balance_state, "rule": await in_language(self, made_to_order_terms.rule_text(o.deposit_rule)),
                "cancel_text": await in_language(self, terms.text), "can_cancel": "1" if terms.can_cancel else ""}

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.busy, self.found = False, False
        self.dispute_open, self.cancel_open, self.dispute_photos, self.review_photos = False, False, [], []
        self.dispute_reason = self.cancel_reason = self.review_text = ""
        self.rating = "5"
        last = router_raw.url(self).path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            raise ServiceError(phrase("That order does not exist."))
        self.order_id = int(last)
        self._bell_from_load(change_bell.mark(), [], None)  # before the read: a change after it rings for the watcher
        await self._load()
        self._next_watch()
        if self.found:
            yield OrderPageState.watch

    @rx.event(background=True)
    async def watch(self):
        """Read the cheap versions when the order's change bell rings (at most every POLL_SECONDS,
        and every FALLBACK_SECONDS all the same); reload the page data when they moved."""
        async with self:
            gen, order_id = self._watch_gen, self.order_id
            seen = (self.state, self._version, self._refunds_version, self._made_version)
            since = self._bell_given[0] if self._bell_given else -1  # -1: read once soon
            if not self._claim_watch(gen):
                return
            tab = router_raw.tab_token(self)
            visit = self._visit_of(gen)
            token = await session_token(self)
        keys = [*order_payments.order_page_keys(order_id), tab_visits.left_key(tab)]
        last_read = time.monotonic()
        deadline, closed = last_read + WATCH_SECONDS, ClosedTab(tab)
        try:
            while time.monotonic() < deadline:
                await wait_for_change(keys, since, last_read, POLL_SECONDS, FALLBACK_SECONDS)
                if tab_visits.current(tab) != visit or closed.for_good():  # another page, or gone: no lock needed
                    return
                since, last_read = change_bell.mark(), time.monotonic()
                try:  # outside the state lock: the page stays responsive
                    now = await look_as(token, _order_versions, order_id)
                except ServiceError:
                    continue
                if now != seen:
                    async with self:
                        if self._watch_gen != gen:
                            return
                        try:
                            await self._load()
                        except ServiceError:
                            return
                        seen = (self.state, self._version, self._refunds_version, self._made_version)
        finally:
            async with self:
                self._release_watch(gen)

    # ------------------------------------------------------------ the resident's moves

    async def _act(self, fn, *args, done: str) -> None:
        try:
            await call(self, fn, self.order_id, *args)
            self.notice = await in_language(self, done)
        finally:
            await self._load()

    @rx.event
    @screen_event
    async def sign(self):
        await self._act(orders.sign_order, done=phrase("Signed for. Thank you! You can rate the order below."))

    @rx.event
    def open_cancel(self, value: bool = True):
        self.cancel_open = bool(value)

    set_cancel_reason = text_setter("cancel_reason", TEXT_LIMIT)

    @rx.event
    @screen_event
    async def cancel(self):
        self.cancel_open = False
        if self.made:  # made to order: the deposit follows the rule the dialog stated
            await self._act(made_to_order.cancel, self.cancel_reason, done=phrase("Order cancelled."))
        else:
            await self._act(orders.cancel_order, self.cancel_reason, done=phrase("Order cancelled."))

    @rx.event
    def open_dispute(self, value: bool = True):
        self.dispute_open = bool(value)

    set_dispute_reason = text_setter("dispute_reason", TEXT_LIMIT)

    async def _stored(self, files: list[rx.UploadFile], have: list[str]) -> list[str]:
        """The service checks whose order this is, then each file (type by content, size), and
        only then stores them: an upload from anyone else writes nothing."""
        picked = await read_uploads(files)
        stored = await call(self, order_photos.store_order_photos, self.order_id, picked, len(have))
        return [*have, *stored]

    @rx.event
    @screen_event
    async def add_photos(self, files: list[rx.UploadFile]):
        self.dispute_photos = await self._stored(files, self.dispute_photos)

    @rx.event
    @screen_event
    async def add_review_photos(self, files: list[rx.UploadFile]):
        self.review_photos = await self._stored(files, self.review_photos)

    @rx.event
    @screen_event
    async def dispute(self):
        await self._act(orders.dispute_order, self.dispute_reason, list(self.dispute_photos),
                        done=phrase("Problem reported. The platform will look at it and contact you."))
        self.dispute_open, self.dispute_photos = False, []

    @rx.event
    def set_rating(self, value: str):
        self.rating = value if value in ("1", "2", "3", "4", "5") else "5"

    set_review_text = text_setter("review_text", TEXT_LIMIT)

    @rx.event
    @screen_event
    async def submit_review(self):
        await self._act(reviews.write_review, int(self.rating or 0), self.review_text, list(self.review_photos),
                        done=phrase("Thank you for your review."))
        self.review_photos = []

    @rx.event
    @screen_event
    async def pay_now(self):
        try:
            payment = await call(self, order_payments.start_order_payment, self.order_id)
        except ServiceError:
            await self._load()
            raise
        yield rx.redirect(f"/pay/{payment.id}")

    @rx.event
    @screen_event
    async def pay_balance(self):
        """Made to order: the balance the shop asked for, on the payment page."""
        try:
            payment = await call(self, made_to_order_money.start_balance_payment, self.order_id)
        except ServiceError:
            await self._load()
            raise
        yield rx.redirect(f"/pay/{payment.id}")
