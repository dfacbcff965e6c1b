"""Staff: member cards for the lobby kiosk — issue one to a household member, revoke one, and
download a printable PDF sheet of the working cards with their QR codes."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.kiosk import member_cards
from state.property.common import staff_community, when
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _page(db, actor):
    cid = staff_community(actor)
    return (member_cards.community_cards(db, actor, cid), member_cards.card_candidates(db, actor, cid),
            actor.time_zone)


def _sheet(db, actor):
    return member_cards.card_sheet_pdf(db, actor, staff_community(actor))


class PropertyCardsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    people: list[dict[str, str]] = []  # {"value": "household:user", "label": "A-101 · Ann Lee"}

    async def _load(self) -> None:
        cards, people, zone = await look(self, _page)
        self.rows = [{"id": str(c.id), "number": c.number, "name": c.name, "unit": c.unit,
                      "issued": when(c.issued_at, zone), "active": "1" if c.active else ""} for c in cards]
        self.people = [{"value": f"{p.household_id}:{p.user_id}", "label": p.label} for p in people]

    @rx.event
    @screen_event
    async def issue(self, form: dict):
        household, _, user = str(form.get("person") or "").partition(":")
        card = await call(self, member_cards.issue_card, row_id(household, phrase("Choose who gets the card.")),
                          row_id(user, phrase("Choose who gets the card.")))
        self.notice = await in_language(self, phrase("Card {number} issued to {name}.", number=card.number,
                                                      name=card.name))
        await self._load()

    @rx.event
    @screen_event
    async def revoke(self, card_id: str):
        card = await call(self, member_cards.revoke_card, row_id(card_id))
        self.notice = await in_language(self, phrase("Card {number} no longer works.", number=card.number))
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def download(self):
        data = await look(self, _sheet)
        yield rx.download(data=data, filename="member-cards.pdf")
