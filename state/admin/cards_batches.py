"""Admin: card batches — make N cards of a level (a large batch asks first), hand a batch to an agent
or staff member, download its printable sheet, list its cards by state, find a card by number and
disable one with a reason (audited). Follows other admins' changes and activations live."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.membership import batches, card_sheet, issuing_centre
from state.merchant.common import when
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

POLL_SECONDS = 1.0
LARGE_BATCH = 100  # from this many cards the button asks first
CARD_STATES = {"issued": phrase("issued"), "assigned": phrase("assigned"), "activated": phrase("activated"),
               "disabled": phrase("disabled")}
ROLES = {"agent": phrase("agent"), "property_staff": phrase("property staff")}


def _page(db, actor, open_batch: int):
    return (issuing_centre.batches_of_programme(db, actor, 0), issuing_centre.programme_choices(db, actor),
            issuing_centre.hand_out_people(db, actor),
            batches.batch_cards(db, actor, open_batch) if open_batch else [],
            issuing_centre.cards_version(db, actor), actor.time_zone)


class AdminCardBatchesState(LoadedScreen, LiveWatch, rx.State):
    rows: list[dict[str, str]] = []
    programme_options: list[dict[str, str]] = []
    level_options: list[dict[str, str]] = []
    people: list[dict[str, str]] = []
    # The new-batch dialog.
    new_open: bool = False
    new_programme: str = ""
    new_level: str = ""
    new_count: str = "10"
    new_note: str = ""
    confirm_count: str = ""  # a large batch's count, while the dialog asks whether to make that many
    # The assign dialog.
    assign_id: int = 0
    assign_to: str = ""
    # The batch whose cards are shown.
    cards_id: int = 0
    cards: list[dict[str, str]] = []
    # Disabling a card (the dialog asks why).
    disable_id: int = 0
    disable_number: str = ""
    disable_reason: str = ""
    # Finding a card by number.
    search: str = ""
    found: dict[str, str] = {}
    dialog_error: str = ""
    _levels: dict[str, list[tuple[int, str]]] = {}

    set_new_note = text_setter("new_note", 200)
    set_disable_reason = text_setter("disable_reason", 200)
    set_search = text_setter("search", 40)

    async def _opened(self):
        self.new_open, self.assign_id, self.cards_id, self.disable_id, self.found = False, 0, 0, 0, {}

    async def _load(self):
        found, choices, people, cards, version, zone = await look(self, _page, self.cards_id)
        self._seen_version = repr(version)
        self.rows = []
        for b in found:
            self.rows.append({"id": str(b.id), "programme": b.programme, "level": b.level, "size": str(b.size),
                              "note": b.note, "assigned_to": b.assigned_to, "made": when(b.created_at, zone),
                              "issued": str(b.counts.get("issued", 0)), "assigned": str(b.counts.get("assigned", 0)),
                              "activated": str(b.counts.get("activated", 0)),
                              "disabled": str(b.counts.get("disabled", 0)),
                              "printable": "1" if b.counts.get("issued", 0) + b.counts.get("assigned", 0) else ""})
        self._levels = {str(p.id): p.levels for p in choices if p.active}
        self.programme_options = [{"value": str(p.id), "label": p.name} for p in choices if p.active and p.levels]
        self._fill_levels()
        self.people = [{"value": str(p.id), "label": f"{p.name} ({p.login}, "
                        + await in_language(self, ROLES.get(p.role, phrase("staff"))) + ")"} for p in people]
        self.cards = [{"id": str(c.id), "number": c.number, "state": c.state, "level": c.level,
                       "state_label": await in_language(self, CARD_STATES.get(c.state, phrase("?"))),
                       "reason": c.disabled_reason} for c in cards]
        if self.found:
            try:
                await self._find(self.found["number"])
            except ServiceError:
                self.found = {}

    def _fill_levels(self) -> None:
        if self.new_programme not in self._levels:
            self.new_programme = self.programme_options[0]["value"] if self.programme_options else ""
        self.level_options = [{"value": str(i), "label": n} for i, n in self._levels.get(self.new_programme, [])]
        if self.new_level not in {o["value"] for o in self.level_options}:
            self.new_level = self.level_options[0]["value"] if self.level_options else ""

    @rx.event(background=True)
    async def watch(self, gen: int):
        """Another admin's batch or a member's activation shows without a reload."""
        await self._follow_version(gen, "/admin/cards/batches", POLL_SECONDS, issuing_centre.cards_version, (),
                                   self._load, keys=issuing_centre.cards_keys)

    # Making a batch.
    @rx.event
    def open_new(self):
        self.new_count, self.new_note, self.dialog_error, self.new_open = "10", "", "", True
        self.confirm_count = ""
        self._fill_levels()

    @rx.event
    def close_dialogs(self):
        self.new_open, self.assign_id, self.disable_id = False, 0, 0

    @rx.event
    def set_new_programme(self, value: str):
        self.new_programme = str(value)[:12]
        self._fill_levels()

    @rx.event
    def set_new_count(self, value: str):
        self.new_count, self.confirm_count = str(value)[:6], ""

    @rx.event
    def set_new_level(self, value: str):
        self.new_level = str(value)[:12]

    @rx.event
    @screen_event(error="dialog_error")
    async def make_batch(self):
        count = self.new_count.strip()
        if not count.isdigit() or len(count) > 6:
            raise ServiceError(phrase("A batch has 1 to {most} cards.", most=batches.MAX_BATCH))
        if int(count) >= LARGE_BATCH and self.confirm_count != count:  # asked here, so no click can skip it
            self.confirm_count = count
            return
        self.confirm_count = ""
        made = await call(self, batches.create_batch, row_id(self.new_programme, phrase("Choose a programme.")),
                          row_id(self.new_level, phrase("Choose a level.")), int(count), self.new_note)
        self.notice = await in_language(self, phrase("Batch #{id} made: {count} {level} cards. Hand it to someone "
                                                     "or download its sheet.", id=made.id, count=made.size,
                                                     level=made.level))
        self.new_open = False
        await self._load()

    # Handing a batch out.
    @rx.event
    def ask_assign(self, batch_id: str):
        if any(r["id"] == str(batch_id) for r in self.rows):
            self.assign_id, self.dialog_error = int(batch_id), ""
            self.assign_to = self.people[0]["value"] if self.people else ""

    @rx.event
    def set_assign_to(self, value: str):
        self.assign_to = str(value)[:12]

    @rx.event
    @screen_event(error="dialog_error")
    async def assign(self):
        done = await call(self, batches.assign_batch, self.assign_id,
                          row_id(self.assign_to, phrase("Choose who hands the cards out.")))
        self.notice = await in_language(self, phrase("Batch #{id} handed to {name}.", id=done.id,
                                                     name=done.assigned_to))
        self.assign_id = 0
        await self._load()

    @rx.event
    @screen_event
    async def download(self, batch_id: str):
        data = await look(self, card_sheet.batch_sheet_pdf, row_id(batch_id))
        yield rx.download(data=data, filename=f"card-batch-{row_id(batch_id)}.pdf")

    # A batch's cards.
    @rx.event
    @screen_event(busy=False)
    async def show_cards(self, batch_id: str):
        self.cards_id = row_id(batch_id)
        await self._load()

    @rx.event
    def hide_cards(self):
        self.cards_id, self.cards = 0, []

    # Finding and disabling a card.
    async def _find(self, number: str) -> None:
        c = await look(self, issuing_centre.find_card, number)
        self.found = {"id": str(c.id), "number": c.number, "state": c.state, "programme": c.programme,
                      "level": c.level, "batch": str(c.batch_id or ""), "holder": c.holder or "—",
                      "state_label": await in_language(self, CARD_STATES.get(c.state, phrase("?"))),
                      "reason": c.disabled_reason}

    @rx.event
    @screen_event
    async def find(self):
        self.found = {}
        await self._find(self.search)

    @rx.event
    def ask_disable(self, card_id: str, number: str):
        if str(card_id).isdigit():
            self.disable_id, self.disable_number = int(card_id), str(number)[:20]
            self.disable_reason, self.dialog_error = "", ""

    @rx.event
    @screen_event(error="dialog_error")
    async def disable(self):
        row = await call(self, batches.disable_card, self.disable_id, self.disable_reason)
        self.notice = await in_language(self, phrase("Card {number} is disabled for good.", number=row.number))
        self.disable_id = 0
        await self._load()
