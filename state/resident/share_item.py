"""/share/items/[item_id]: one item. A neighbour reads it and writes to the poster (their one
conversation about it); the poster reads each interested neighbour's conversation and reserves the
item for one (the others are told). A sale's buyer pays into escrow and confirms receipt on pickup
(or reports a problem); a give-away or swap is marked handed over by both sides. New messages, a
reservation, a payment show without a reload (a version read when the change bell rings for the
item, its conversations or its reviews). Items, messages may be reported to the admins. Anyone who
may not see the item reads "not available"."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase, reader
from community_hub.sharing import (
    conversations,
    item_deals,
    item_money,
    item_overview,
    items,
    reports,
    reviews,
)
from community_hub.sharing.parking_slots import zone_of
from state.resident.share_items_rows import item_photos, item_row
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.service_call import ScreenState, call, look, row_id, screen_event
from state.shared.setters import text_setter

POLL_SECONDS = 1.0


def _read(db, actor, item_id: int, talk_id: int):
    """The page in one read: the item, the talks I am in, the open talk's messages."""
    o = item_overview.item_overview(db, actor, item_id)
    zone = zone_of(db, actor.community_id) if actor.community_id else "UTC"
    ids = [t.conversation_id for t in o.talks]
    if talk_id not in ids:
        talk_id = ids[0] if ids else 0
    shown = conversations.messages(db, actor, talk_id) if talk_id else []
    lang = reader()
    msgs = [{"id": str(m.message_id), "mine": "1" if m.mine else "", "body": m.body, "hidden": "1" if m.hidden else "",
             "at": local_time.fmt(m.at, zone, with_zone=False, lang=lang)} for m in shown]
    talks = [{"id": str(t.conversation_id), "user": str(t.other_id), "name": t.other_name, "unread": str(t.unread),
              "reserved": "1" if o.reserved_for_id == t.other_id else ""} for t in o.talks]
    unread_here = next((t.unread for t in o.talks if t.conversation_id == talk_id), 0)
    facts = {**item_row(o.item, zone, photos=True), "owner": o.owner_name, "reserved_name": o.reserved_for_name,
             "owner_id": str(o.item.owner_id),
             "owner_done": "1" if o.owner_done else "", "taker_done": "1" if o.taker_done else "",
             "problem": "1" if o.problem_reported else ""}
    said = [] if o.item.mine else [
        {"stars": "★" * r.rating + "☆" * (5 - r.rating), "rating": str(r.rating), "comment": r.comment,
         "name": r.author_name} for r in reviews.reviews_about(db, actor, o.item.owner_id)[:5]]
    return (facts, item_photos(o.item), talks, talk_id, msgs, unread_here, said,
            item_overview.item_version(db, actor, item_id))


def _send(db, actor, item_id: int, talk_id: int, text: str) -> int:
    """A neighbour's first message starts their conversation; after that either side writes in it."""
    if talk_id:
        conversations.write(db, actor, talk_id, text)
        return talk_id
    return conversations.ask_about(db, actor, item_id, text).id


class ShareItemState(ScreenState, LiveWatch, rx.State):
    item_id: int = 0
    found: bool = False
    item: dict[str, str] = {}
    photos: list[str] = []
    talks: list[dict[str, str]] = []
    talk_id: int = 0
    messages: list[dict[str, str]] = []
    owner_reviews: list[dict[str, str]] = []  # the poster's published sharing reviews
    draft: str = ""
    card: str = ""
    report_kind: str = ""  # "item" | "message": the report dialog is open for it
    report_target: int = 0
    report_reason: str = ""

    @rx.var
    def talk_name(self) -> str:
        return next((c["name"] for c in self.talks if c["id"] == str(self.talk_id)), "")

    @rx.var
    def talk_user(self) -> str:
        return next((c["user"] for c in self.talks if c["id"] == str(self.talk_id)), "")

    @rx.var
    def reporting(self) -> bool:
        return self.report_kind != ""

    async def _load(self) -> None:
        try:
            facts, photos, talks, talk_id, msgs, unread, said, version = await look(self, _read, self.item_id,
                                                                                    self.talk_id)
        except ServiceError:
            self.found, self.item, self.photos, self.talks, self.messages = False, {}, [], [], []
            raise
        if unread:  # what the page shows now is read
            await call(self, conversations.mark_read, talk_id)
            talks = [{**c, "unread": "0"} if c["id"] == str(talk_id) else c for c in talks]
        self.item, self.photos, self.talks, self.talk_id, self.messages = facts, photos, talks, talk_id, msgs
        self.owner_reviews = said
        self._seen_version = repr(version)
        self.found = True

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.found, self.item, self.photos, self.talks, self.messages, self.talk_id = False, {}, [], [], [], 0
        self.draft = self.card = self.report_kind = self.report_reason = ""
        self.report_target = 0
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            raise ServiceError(phrase("This item is not available."))
        self.item_id = int(last)
        await self._load()
        return ShareItemState.watch(self._next_watch())

    @rx.event(background=True)
    async def watch(self, gen: int):
        await self._follow_version(gen, f"/share/items/{self.item_id}", POLL_SECONDS, item_overview.item_version,
                                   (self.item_id,), self._load, keys=item_overview.item_keys)

    set_draft = text_setter("draft", conversations.BODY_LIMIT)
    set_card = text_setter("card", 23)
    set_report_reason = text_setter("report_reason", reports.REASON_LIMIT)

    @rx.event
    @screen_event
    async def open_talk(self, talk_id: str):
        self.talk_id = row_id(talk_id)
        await self._load()

    @rx.event
    @screen_event
    async def send(self, form: dict):
        text = str(form.get("body") or self.draft or "")[: conversations.BODY_LIMIT + 1]
        self.talk_id = await call(self, _send, self.item_id, self.talk_id, text)
        self.draft = ""
        await self._load()

    @rx.event
    @screen_event
    async def reserve(self):
        if not self.talk_user:
            raise ServiceError(phrase("Open the conversation of the neighbour to reserve it for."))
        await call(self, item_deals.reserve, self.item_id, int(self.talk_user))
        self.notice = await in_language(self, phrase("Reserved for {name}. The others who wrote are told.",
                                                     name=self.talk_name))
        await self._load()

    @rx.event
    @screen_event
    async def release(self):
        await call(self, item_deals.release, self.item_id)
        self.notice = await in_language(self, phrase("The reservation is taken back: the item is available again."))
        await self._load()

    @rx.event
    @screen_event
    async def pay(self):
        await call(self, item_money.pay_item, self.item_id, self.card)
        self.card = ""
        self.notice = await in_language(self, phrase("Paid: the platform holds the money until you confirm receipt."))
        await self._load()

    @rx.event
    @screen_event
    async def confirm_receipt(self):
        await call(self, item_money.confirm_receipt, self.item_id)
        self.notice = await in_language(self, phrase("Receipt confirmed: the money goes to the seller."))
        await self._load()

    @rx.event
    @screen_event
    async def report_problem(self):
        await call(self, item_money.report_problem, self.item_id)
        self.notice = await in_language(self, phrase("Problem reported: the money stays held until an admin settles it."))
        await self._load()

    @rx.event
    @screen_event
    async def mark_done(self):
        await call(self, item_deals.mark_done, self.item_id)
        self.notice = await in_language(self, phrase("Marked as handed over."))
        await self._load()

    @rx.event
    @screen_event
    async def renew(self):
        await call(self, items.renew_item, self.item_id)
        self.notice = await in_language(self, phrase("Renewed: the post stays up for another 30 days."))
        await self._load()

    @rx.event
    @screen_event
    async def withdraw(self):
        await call(self, item_deals.withdraw, self.item_id)
        self.notice = await in_language(self, phrase("The item is withdrawn. A buyer who paid gets the money back."))
        await self._load()

    @rx.event
    def start_report(self, kind: str, target: str):
        if kind in ("item", "message") and str(target).isdigit():
            self.report_kind, self.report_target, self.report_reason = kind, int(target), ""

    @rx.event
    def close_report(self):
        self.report_kind = ""

    @rx.event
    def set_report_open(self, value: bool):
        if not value:
            self.report_kind = ""

    @rx.event
    @screen_event
    async def send_report(self, form: dict):
        if not self.report_kind:
            raise ServiceError(phrase("Choose what to report first."))
        reason = str(form.get("reason") or self.report_reason or "")[: reports.REASON_LIMIT + 1]
        await call(self, reports.report, self.report_kind, self.report_target, reason)
        self.report_kind, self.report_reason = "", ""
        self.notice = await in_language(self, phrase("Thank you: an admin will look at your report."))
