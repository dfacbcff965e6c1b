"""/demands: the resident asks the shops around for something, compares the quotes, accepts one
(it becomes an order at the quoted price, paid on the demo payment page). Live: a shop's quote
appears on the open page without a reload."""

from __future__ import annotations

import dataclasses

import reflex as rx

from community_hub import overviews
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import parse_amount
from community_hub.marketplace import circle, demands, order_payments
from community_hub.marketplace.cart import money
from state.resident.shop_rows import when
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.session import SessionState
from state.shared.setters import text_setter

POLL_SECONDS = 1.0

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


def _page(db, actor):
    mine = demands.my_demands(db, actor)
    quotes = {d.id: demands.quotes_for_demand(db, actor, d.id) for d in mine}
    return (mine, quotes, circle.my_circle(db, actor), overviews.resident_home(db, actor),
            actor.time_zone, demands.my_demands_version(db, actor))


class ResidentDemandsState(LoadedScreen, LiveWatch, rx.State):
    boxes: list[DemandBox] = []
    categories: list[str] = []
    category: str = ""
    fulfilment: str = "delivery"
    default_address: str = ""
    loaded: bool = False
    form_key: int = 0  # bumped after posting so the form's fields clear

    async def _load(self):
        self.boxes = []
        mine, quotes, circle, home, zone, version = await look(self, _page)
        self._seen_version = repr(version)
        self.categories = sorted({c.merchant.category for c in circle})
        self.default_address = ", ".join(x for x in (home.household, home.community) if x)
        self.boxes = [
            DemandBox(str(d.id), d.title, d.category, d.state, money(d.budget_minor, d.currency) if d.budget_minor else "open",
                      when(d.expires_at, zone), str(d.order_id or ""), [
                          {"id": str(v.quote.id), "shop": v.merchant_name, "slug": v.merchant_slug,
                           "price": money(v.quote.price_minor, v.quote.currency), "note": v.quote.note,
                           "state": "expired" if v.expired and v.quote.state == "open" else v.quote.state,
                           "until": when(v.quote.valid_until, zone), "by": when(v.quote.delivery_by, zone),
                           "rating": f"{v.rating_avg:.1f} ★" if v.rating_avg else "new shop",
                           "can_accept": "1" if d.state == "open" and v.quote.state == "open" and not v.expired else ""}
                          for v in quotes[d.id]
                      ])
            for d in mine
        ]
        self.loaded = True

    async def _opened(self):
        self.busy = False

    @rx.event(background=True)
    async def watch(self, gen: int):
        """Quotes arrive while the page is open: re-read when the requests' version moves."""
        await self._follow_version(gen, "/demands", POLL_SECONDS, demands.my_demands_version, (), self._load,
                                   keys=demands.my_demands_keys)

    set_category = text_setter("category", 60)

    @rx.event
    def set_fulfilment(self, value: str):
        self.fulfilment = value if value in ("delivery", "pickup") else "delivery"

    @rx.event
    @screen_event
    async def post(self, form: dict):
        budget = parse_amount(form.get("budget"), "USD", "budget", allow_blank=True)
        raw_hours = str(form.get("hours") or "")
        hours = int(raw_hours) if raw_hours.isdigit() else demands.DEFAULT_DEMAND_HOURS
        d = await call(self, demands.post_demand, category=self.category, title=form.get("title") or "",
                       description=form.get("description") or "", budget_minor=budget, fulfilment=self.fulfilment,
                       address=form.get("address") or "", expires_in_hours=hours)
        self.notice = await in_language(self, phrase("Your request “{title}” went to the {category} shops around you.",
                                                    title=d.title, category=self.category))
        self.form_key += 1
        await self._load()

    @rx.event
    @screen_event
    async def cancel(self, demand_id: str):
        await call(self, demands.cancel_demand, row_id(demand_id))
        self.notice = await in_language(self, phrase("Request withdrawn."))
        await self._load()

    @rx.event
    @screen_event
    async def accept(self, quote_id: str):
        try:
            order = await call(self, demands.accept_quote, row_id(quote_id), payment_method="card")
        except ServiceError:
            await self._load()
            raise
        try:
            payment = await call(self, order_payments.start_order_payment, order.id)
        except ServiceError as exc:
            session = await self.get_state(SessionState)
            session._say(await in_language(self, phrase("Order #{id} is placed; pay from the order page ({why}).", id=order.id,
                                                     why=await in_language(self, exc.message))), "error")
            yield rx.redirect(f"/orders/{order.id}")
            return
        yield rx.redirect(f"/pay/{payment.id}")
