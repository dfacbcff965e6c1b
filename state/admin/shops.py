"""Admin: supervising shops (issue 18) — the trading and suspended shops, one shop's view (orders,
disputes, refunds rate, reviews, complaints, warnings, what was decided), suspend / reinstate with a
reason, a warning the merchant must acknowledge, the "trusted" switch. The open shop follows live."""

from __future__ import annotations

import reflex as rx

from community_hub.core.audit_wording import action_label
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import merchant_supervision as sup
from community_hub.marketplace.orders import STATE_LABELS
from state.merchant.common import money, when
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.paged_list import SearchedList
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

PAGE_SIZE = 20
POLL_SECONDS = 2.0
STATUS = {"approved": phrase("trading"), "suspended": phrase("suspended")}
DIALOGS = ("suspend", "reinstate", "warn")


def _view(db, actor, merchant_id: int):
    return sup.shop_overview(db, actor, merchant_id), actor.time_zone, sup.overview_version(db, actor, merchant_id)


class AdminShopsState(SearchedList, LiveWatch, rx.State):
    _page_size: int = PAGE_SIZE
    rows: list[dict[str, str]] = []
    suspended_only: bool = False
    # The shop open below the list.
    open_id: int = 0
    shop: dict[str, str] = {}
    stats: list[dict[str, str]] = []
    orders: list[dict[str, str]] = []
    reviews: list[dict[str, str]] = []
    warnings: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    # The dialog asking why (suspend, reinstate) or what to say (warn).
    dialog: str = ""
    text: str = ""

    set_text = text_setter("text", sup.NOTE_MAX)

    async def _opened(self):
        self.page, self.open_id, self.dialog = 1, 0, ""

    async def _load(self):
        found, self.total = await look(self, sup.supervised_shops, query=self.query,
                                       suspended_only=self.suspended_only, page=self.page, page_size=PAGE_SIZE)
        self.rows = [{"id": str(r.merchant.id), "name": r.merchant.name, "status": r.merchant.status,
                      "status_label": await in_language(self, STATUS.get(r.merchant.status, phrase("closed"))),
                      "trusted": "1" if r.merchant.trusted else "", "warnings": str(r.open_warnings),
                      "waiting": str(r.waiting_reviews)} for r in found]
        if self.open_id:
            await self._load_shop()

    async def _load_shop(self):
        v, zone, version = await look(self, _view, self.open_id)
        self._seen_version = repr(version)
        m = v.merchant
        self.shop = {"id": str(m.id), "name": m.name, "status": m.status, "slug": m.slug,
                     "status_label": await in_language(self, STATUS.get(m.status, phrase("closed"))),
                     "reason": m.suspended_reason, "trusted": "1" if m.trusted else ""}
        pairs = [(phrase("Orders"), str(v.orders_total)), (phrase("Open orders"), str(v.orders_open)),
                 (phrase("Completed"), str(v.orders_done)), (phrase("Disputes"), str(v.disputes)),
                 (phrase("Refunds rate"), f"{v.refund_rate_pct}% ({v.refunded})"),
                 (phrase("Rating"), f"{v.rating_avg:.1f} ({v.rating_count})"),
                 (phrase("Complaints (1–2 star reviews)"), str(v.complaints)),
                 (phrase("Waiting for review"), str(v.waiting_reviews))]
        self.stats = [{"label": await in_language(self, label), "value": value} for label, value in pairs]
        self.orders = [{"id": str(o.id), "state": await in_language(self, STATE_LABELS.get(o.state, phrase("unknown"))),
                        "total": money(o.total_minor, o.currency), "at": when(o.created_at, zone)}
                       for o in v.latest_orders]
        self.reviews = [{"id": str(r.id), "rating": str(r.rating), "text": r.text, "at": when(r.created_at, zone)}
                        for r in v.latest_reviews]
        self.warnings = [{"id": str(w.id), "note": w.note, "at": when(w.given_at, zone),
                          "ack": when(w.acknowledged_at, zone) if w.acknowledged_at else ""} for w in v.warnings]
        self.history = [{"id": str(a.id), "what": await in_language(self, action_label(a.action)),
                         "detail": a.detail, "at": when(a.at, zone)} for a in v.last_audit]

    @rx.event(background=True)
    async def watch(self, gen: int):
        """The open shop's orders, status and acknowledged warnings follow without a reload."""
        async with self:
            shop = self.open_id
        await self._follow_version(gen, "/admin/shops", POLL_SECONDS, sup.overview_version, (shop,), self._load,
                                   keys=sup.overview_keys)

    @rx.event
    @screen_event(busy=False)
    async def set_suspended_only(self, on: bool):
        self.suspended_only, self.page = bool(on), 1
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def open(self, merchant_id: str):
        ident = row_id(merchant_id)
        if str(ident) not in {r["id"] for r in self.rows}:
            raise ServiceError(phrase("That is not on this page any more. Reload the page."))
        self.open_id, self.dialog = ident, ""
        await self._load_shop()
        return type(self).watch(self._next_watch())

    @rx.event
    def close(self):
        self.open_id, self.dialog = 0, ""

    @rx.event
    @screen_event
    async def set_trusted(self, on: bool):
        m = await call(self, sup.set_trusted, self.open_id, bool(on))
        self.notice = await in_language(self, phrase(
            "{shop} is trusted: its products go live without review.", shop=m.name) if m.trusted else phrase(
            "{shop} is not trusted: its new products and edits wait for review.", shop=m.name))
        await self._load()

    @rx.event
    def ask(self, which: str):
        self.dialog, self.text = (which if which in DIALOGS else ""), ""

    @rx.event
    def cancel(self):
        self.dialog = ""

    @rx.event
    @screen_event
    async def confirm(self):
        name = self.shop.get("name", "")
        if self.dialog == "suspend":
            await call(self, sup.suspend, self.open_id, self.text)
            said = phrase("{shop} is suspended and hidden from residents; its open orders go on.", shop=name)
        elif self.dialog == "reinstate":
            await call(self, sup.reinstate, self.open_id, self.text)
            said = phrase("{shop} is trading again.", shop=name)
        elif self.dialog == "warn":
            await call(self, sup.warn, self.open_id, self.text)
            said = phrase("Warning sent to {shop}; it stays on their dashboard until acknowledged.", shop=name)
        else:
            raise ServiceError(phrase("That is not on this page any more. Reload the page."))
        self.notice, self.dialog = await in_language(self, said), ""
        await self._load()
