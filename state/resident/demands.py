"""/demands: the resident asks the shops around for something, compares the quotes, accepts one
(it becomes an order at the quoted price, paid on the demo payment page)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from community_hub import overviews
from community_hub.core.errors import ServiceError
from community_hub.marketplace import demands, order_payments, resident_shopping
from community_hub.marketplace.cart import money
from state.resident.shop_rows import when
from state.shared.service_call import acting, reading
from state.shared.session import SessionState


@dataclasses.dataclass
class DemandBox:
    id: str = ""
    title: str = ""
    category: str = ""
    state: str = ""
    budget: str = ""
    expires: str = ""
    order_id: str = ""
    quotes: list[dict[str, str]] = dataclasses.field(default_factory=list)


class ResidentDemandsState(rx.State):
    boxes: list[DemandBox] = []
    categories: list[str] = []
    category: str = ""
    fulfilment: str = "delivery"
    default_address: str = ""
    busy: bool = False
    loaded: bool = False
    error: str = ""
    notice: str = ""
    form_key: int = 0  # bumped after posting so the form's fields clear

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                mine = demands.my_demands(db, actor)
                quotes = {d.id: demands.quotes_for_demand(db, actor, d.id) for d in mine}
                circle = resident_shopping.my_circle(db, actor)
                home = overviews.resident_home(db, actor)
        except ServiceError as exc:
            self.error, self.boxes = exc.message, []
            return
        self.categories = sorted({c.merchant.category for c in circle})
        self.default_address = ", ".join(x for x in (home.household, home.community) if x)
        self.boxes = [
            DemandBox(str(d.id), d.title, d.category, d.state, money(d.budget_minor, d.currency) if d.budget_minor else "open",
                      when(d.expires_at, actor.time_zone), str(d.order_id or ""), [
                          {"id": str(v.quote.id), "shop": v.merchant_name, "slug": v.merchant_slug,
                           "price": money(v.quote.price_minor, v.quote.currency), "note": v.quote.note,
                           "state": "expired" if v.expired and v.quote.state == "open" else v.quote.state,
                           "until": when(v.quote.valid_until, actor.time_zone), "by": when(v.quote.delivery_by, actor.time_zone),
                           "rating": f"{v.rating_avg:.1f} ★" if v.rating_avg else "new shop",
                           "can_accept": "1" if d.state == "open" and v.quote.state == "open" and not v.expired else ""}
                          for v in quotes[d.id]
                      ])
            for d in mine
        ]
        self.loaded = True

    @rx.event
    async def load(self):
        self.error, self.notice, self.busy = "", "", False
        await self._load()

    @rx.event
    def set_category(self, value: str):
        self.category = value

    @rx.event
    def set_fulfilment(self, value: str):
        self.fulfilment = value

    @rx.event
    async def post(self, form: dict):
        self.error, self.notice = "", ""
        budget = None
        text = (form.get("budget") or "").strip().lstrip("$")
        if text:
            try:
                budget = round(float(text) * 100)
            except ValueError:
                self.error = "The budget is not a number (e.g. 25 or 25.50)."
                return
        try:
            hours = int(form.get("hours") or demands.DEFAULT_DEMAND_HOURS)
        except ValueError:
            hours = demands.DEFAULT_DEMAND_HOURS
        try:
            async with acting(self) as (db, actor):
                d = demands.post_demand(db, actor, category=self.category, title=form.get("title") or "",
                                        description=form.get("description") or "", budget_minor=budget,
                                        fulfilment=self.fulfilment, address=form.get("address") or "",
                                        expires_in_hours=hours)
                title = d.title
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"Your request “{title}” went to the {self.category} shops around you."
        self.form_key += 1
        await self._load()

    @rx.event
    async def cancel(self, demand_id: str):
        self.error, self.notice = "", ""
        try:
            async with acting(self) as (db, actor):
                demands.cancel_demand(db, actor, int(demand_id))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Request withdrawn."
        await self._load()

    @rx.event
    async def accept(self, quote_id: str):
        if self.busy:
            return
        self.error, self.notice, self.busy = "", "", True
        yield
        try:
            async with acting(self) as (db, actor):
                order = demands.accept_quote(db, actor, int(quote_id), payment_method="card")
                order_id = order.id
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            await self._load()
            return
        try:
            async with acting(self) as (db, actor):
                payment_id = order_payments.start_order_payment(db, actor, order_id).id
        except ServiceError as exc:
            session = await self.get_state(SessionState)
            session.say(f"Order #{order_id} is placed; pay from the order page ({exc.message}).", "error")
            self.busy = False
            yield rx.redirect(f"/orders/{order_id}")
            return
        self.busy = False
        yield rx.redirect(f"/pay/{payment_id}")
