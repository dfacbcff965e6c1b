"""/checkout/[merchant_id]: delivery or pickup, address, time window, coupon, totals from the
preview service, then Place order (one order per page load, whatever the clicks) and on to the
payment page."""

from __future__ import annotations

import secrets

import reflex as rx

from community_hub import overviews
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import cart, cart_coupon, checkout, delivery_windows, order_payments
from community_hub.marketplace.cart import money
from community_hub.marketplace.made_to_order import terms as made_to_order
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, screen_event
from state.shared.session import SessionState
from state.shared.setters import text_setter

ASAP = delivery_windows.ASAP


def _cart(db, actor, merchant_id: int):
    return (cart.view_cart(db, actor, merchant_id), overviews.resident_home(db, actor),
            [{"value": v, "label": label} for v, label in delivery_windows.choices(actor.time_zone)])


class CheckoutState(ScreenState, rx.State):
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
    coupon_saved: bool = False  # a coupon is saved on the cart (applying or, with coupon_error, not)
    note: str = ""
    # The platform coupon (marketplace/promotions): the resident's collected ones usable here, best
    # first; the one chosen ("0": none), preselected to the best by the service.
    platform_pick: str = ""
    platform_choices: list[dict[str, str]] = []
    platform_error: str = ""
    totals: dict[str, str] = {}
    loaded: bool = False
    _key: str = ""

    @rx.var
    def empty(self) -> bool:
        return self.loaded and not self.lines

    def _platform_arg(self) -> int | None:
        """None: let the service take the best collected coupon; 0: none; else that one."""
        return int(self.platform_pick) if self.platform_pick.isdigit() else None

    async def _preview(self) -> None:
        """Totals with the coupon saved on the cart: the one source the badge and the discount share."""
        try:
            t = await look(self, checkout.preview, self.merchant_id, fulfilment=self.fulfilment,
                           platform_coupon=self._platform_arg())
        except ServiceError as exc:
            if exc.code != "platform_coupon":
                raise
            # The chosen one stopped applying (dates, minimum spend): say why, and take the best instead.
            self.platform_error = await in_language(self, exc.message)
            self.platform_pick = ""
            t = await look(self, checkout.preview, self.merchant_id, fulfilment=self.fulfilment)
        self.platform_pick = str(t.platform_coupon_id)
        self.platform_choices = [{"value": str(u.collected_id), "label": f"{u.name} (−{money(u.discount_minor, t.currency)})"}
                                 for u in t.platform_choices]
        if self.platform_choices:
            self.platform_choices.append({"value": "0", "label": await in_language(self, phrase("No platform coupon"))})
        self.coupon_applied = t.coupon_code or ""
        self.coupon_error = await in_language(self, t.coupon_note) if t.coupon_note else ""
        self.coupon_saved = bool(t.coupon_code or t.coupon_note)
        self.totals = {"subtotal": money(t.subtotal_minor, t.currency),
                       "discount": money(-t.discount_minor, t.currency) if t.discount_minor else "",
                       # A cardholder's member price is its own line, so the lines add up to the total.
                       "member": money(-t.member_discount_minor, t.currency) if t.member_discount_minor else "",
                       "member_label": await in_language(self, t.member_label) if t.member_discount_minor else "",
                       "platform": money(-t.platform_discount_minor, t.currency) if t.platform_discount_minor else "",
                       "platform_name": t.platform_coupon_name,
                       "fee": money(t.delivery_fee_minor, t.currency), "total": money(t.total_minor, t.currency),
                       # Made to order (issue 20): a deposit now, the balance when the shop says ready.
                       "deposit": money(t.deposit_minor, t.currency) if t.balance_minor else "",
                       "balance": money(t.balance_minor, t.currency) if t.balance_minor else "",
                       "deposit_rule": await in_language(self, made_to_order.rule_text(t.deposit_rule))
                       if t.balance_minor else ""}

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.coupon_error, self.coupon, self.coupon_applied, self.note = "", "", "", ""
        self.coupon_saved = False
        self.platform_pick, self.platform_choices, self.platform_error = "", [], ""
        self.busy, self.loaded, self.window, self.fulfilment = False, False, ASAP, "delivery"
        # A fresh reference per visit to this page: clicking Place order twice sends the same one,
        # and the service answers the second click with the first click's order.
        self._key = "co-" + secrets.token_urlsafe(18)
        self.windows = []  # filled in the reader's zone once the cart loads
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            raise ServiceError("That shop does not exist.")
        self.merchant_id = int(last)
        await self._load_cart()

    async def _load_cart(self):
        self.lines = []
        try:
            view, home, windows = await look(self, _cart, self.merchant_id)
        finally:
            self.loaded = True
        if not self.windows:
            self.windows = windows
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
    @screen_event(busy=False)
    async def set_fulfilment(self, value: str):
        self.fulfilment = value if value in ("delivery", "pickup") else "delivery"
        await self._preview()

    set_address = text_setter("address", 300)
    set_window = text_setter("window", 40)
    set_coupon = text_setter("coupon", 40)

    @rx.event
    def set_note(self, value: str):
        self.note = str(value)[:checkout.MAX_NOTE + 1]  # one past the limit: the service names it

    @rx.event
    @screen_event(busy=False)
    async def apply_coupon(self):
        try:
            await call(self, cart_coupon.apply_coupon, self.merchant_id, self.coupon)
        except ServiceError as exc:
            if exc.code != "coupon":
                raise
            self.coupon_error = await in_language(self, exc.message)  # next to the field; the totals stay as they were
            return
        self.coupon = ""
        await self._preview()

    @rx.event
    @screen_event(busy=False)
    async def pick_platform_coupon(self, value: str):
        self.platform_pick, self.platform_error = (str(value) if str(value).isdigit() else "")[:12], ""
        await self._preview()

    @rx.event
    @screen_event(busy=False)
    async def remove_coupon(self):
        await call(self, cart_coupon.remove_coupon, self.merchant_id)
        self.coupon = ""
        await self._preview()

    @rx.event
    @screen_event
    async def place(self):
        start, end = delivery_windows.window_of(self.window)
        try:
            order = await call(
                self, checkout.place_order, self.merchant_id, idempotency_key=self._key, payment_method="card",
                fulfilment=self.fulfilment, address=self.address, window_start=start, window_end=end,
                note=self.note, platform_coupon=self._platform_arg())
        except ServiceError as exc:
            if exc.code == "price_changed":
                await self._load_cart()  # show the new prices the service put in the cart
            elif exc.code in ("coupon", "platform_coupon"):
                await self._preview()  # the coupon stopped applying meanwhile: show why, and the totals without it
            raise
        try:
            payment = await call(self, order_payments.start_order_payment, order.id)
        except ServiceError as exc:
            session = await self.get_state(SessionState)
            session._say(await in_language(self, phrase(
                "Order #{id} is placed, but the payment could not start: {why} Pay from the order page.",
                id=order.id, why=await in_language(self, exc.message))), "error")
            yield rx.redirect(f"/orders/{order.id}")
            return
        yield rx.redirect(f"/pay/{payment.id}")
